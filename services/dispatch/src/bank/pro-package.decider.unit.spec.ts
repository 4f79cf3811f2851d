import { foldEvents } from '@hub/event-store';
import { instrumentById } from '@hub/pro-packages';
import { DomainError } from '@hub/service-kit/errors';
import { proPackageDecider, type ProPackageCommand } from './pro-package.decider';
import type { ProPackageEvent } from './pro-package.events';

const at = '2026-11-01T10:00:00.000Z';
const { package: pkg, questionnaire } = instrumentById('gad-7');

const when = (given: ProPackageEvent[], command: ProPackageCommand) => proPackageDecider.decide(command, foldEvents(proPackageDecider, given));
const publish = (candidate: unknown, extra: Partial<ProPackageCommand> = {}): ProPackageCommand => ({ type: 'PublishProPackage', package: candidate, questionnaire, questionnaireRetired: false, at, ...extra });
const published: ProPackageEvent = { type: 'ProPackagePublished', data: { packageId: 'gad-7', version: '1.0.0', questionnaire: pkg.questionnaire, package: { ...pkg }, publishedAt: at } };

function refusal(fn: () => unknown): DomainError {
  try {
    fn();
  } catch (err) {
    if (err instanceof DomainError) return err;
    throw err;
  }
  throw new Error('expected a refusal');
}

describe('PRO package decider', () => {
  it('publishes a package against the questionnaire version it names', () => {
    expect(when([], publish(pkg))).toEqual([published]);
  });

  it('is immutable: identical rules are a no-op, changed rules a conflict', () => {
    expect(when([published], publish(pkg))).toEqual([]);
    const changed = { ...pkg, triage: { ...pkg.triage, scoreThresholds: [] } };
    expect(refusal(() => when([published], publish(changed))).code).toBe('illegal-state');
  });

  it('refuses a package for a questionnaire the bank lacks, or one that is retired', () => {
    expect(refusal(() => when([], publish(pkg, { questionnaire: undefined }))).problems).toEqual([expect.objectContaining({ location: 'questionnaire' })]);
    expect(refusal(() => when([], publish(pkg, { questionnaireRetired: true }))).code).toBe('illegal-state');
  });
});
