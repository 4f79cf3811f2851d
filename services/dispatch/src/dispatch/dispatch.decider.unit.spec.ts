import { foldEvents } from '@hub/event-store';
import { DomainError } from '@hub/service-kit/errors';
import { dispatchDecider, type DispatchCommand } from './dispatch.decider';
import type { DispatchEvent } from './dispatch.events';

const dispatchId = '0b6f7c2e-3f8a-4d0e-9a51-6c1d2e3f4a5b';
const patientId = '7b0d3c9e-0d7e-4f7a-9d57-3f0f3c8f5e11';
const at = '2026-11-01T10:00:00.000Z';
const expiresAt = '2026-11-15T10:00:00.000Z';
const questionnaire = { url: 'http://pro-hub.dk/fhir/Questionnaire/pain-nrs', version: '1.0.0' };

const order = (overrides: Partial<DispatchCommand> = {}): DispatchCommand => ({
  type: 'DispatchQuestionnaire',
  dispatchId,
  patientId,
  unitSor: '1234567',
  questionnaire,
  at,
  expiresAt,
  patientKnown: true,
  treatmentConsent: true,
  questionnairePublished: true,
  ...overrides,
});

const dispatched: DispatchEvent = {
  type: 'QuestionnaireDispatched',
  data: { dispatchId, patientId, unitSor: '1234567', questionnaire, dispatchedAt: at, expiresAt },
};

function when(given: DispatchEvent[], command: DispatchCommand): DispatchEvent[] {
  return dispatchDecider.decide(command, foldEvents(dispatchDecider, given));
}

function refusal(fn: () => unknown): DomainError {
  try {
    fn();
  } catch (err) {
    if (err instanceof DomainError) return err;
    throw err;
  }
  throw new Error('expected a refusal');
}

describe('dispatch decider', () => {
  it('dispatches a published version to a known patient with treatment consent', () => {
    expect(when([], order())).toEqual([dispatched]);
  });

  it('a retried order has no second effect; a different order under the same id is refused', () => {
    expect(when([dispatched], order({ at: '2026-11-01T10:00:05.000Z' }))).toEqual([]);
    expect(refusal(() => when([dispatched], order({ unitSor: '7654321' }))).code).toBe('illegal-state');
  });

  it('refuses an unknown patient as not found', () => {
    const err = refusal(() => when([], order({ patientKnown: false, treatmentConsent: false })));
    expect(err.code).toBe('not-found');
    expect(err.problems).toEqual([{ location: 'patientId', message: `patient ${patientId} is not known to dispatch` }]);
  });

  it('refuses an unknown questionnaire version as not found', () => {
    const err = refusal(() => when([], order({ questionnairePublished: false })));
    expect(err.code).toBe('not-found');
    expect(err.problems).toEqual([{ location: 'questionnaire', message: expect.stringContaining('pain-nrs|1.0.0 is not in the bank') }]);
  });

  it('names an unknown patient and an unknown version together', () => {
    const err = refusal(() => when([], order({ patientKnown: false, treatmentConsent: false, questionnairePublished: false })));
    expect(err.problems.map((p) => p.location)).toEqual(['patientId', 'questionnaire']);
  });

  it('refuses a known patient without treatment consent as an illegal state', () => {
    const err = refusal(() => when([], order({ treatmentConsent: false })));
    expect(err.code).toBe('illegal-state');
    expect(err.message).toMatch(/not consented to treatment/);
  });

  it('refuses a dispatch that would expire before it is sent', () => {
    expect(refusal(() => when([], order({ expiresAt: at }))).code).toBe('validation');
  });
});
