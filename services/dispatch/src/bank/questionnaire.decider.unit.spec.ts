import { foldEvents } from '@hub/event-store';
import { DomainError } from '@hub/service-kit/errors';
import { questionnaireDecider, type QuestionnaireCommand } from './questionnaire.decider';
import type { QuestionnaireEvent } from './questionnaire.events';
import { questionnaireIdOf } from './questionnaire-id';
import painNrs from './seed/pain-nrs.questionnaire.json';

const at = '2026-11-01T10:00:00.000Z';
const later = '2026-12-01T10:00:00.000Z';
const url = 'http://pro-hub.dk/fhir/Questionnaire/pain-nrs';
const version = '1.0.0';

function when(given: QuestionnaireEvent[], command: QuestionnaireCommand): QuestionnaireEvent[] {
  return questionnaireDecider.decide(command, foldEvents(questionnaireDecider, given));
}

const publish = (questionnaire: unknown, when = at, cprLikeAt?: string): QuestionnaireCommand => ({ type: 'PublishQuestionnaire', questionnaire, at: when, cprLikeAt });

function refusal(fn: () => unknown): DomainError {
  try {
    fn();
  } catch (err) {
    if (err instanceof DomainError) return err;
    throw err;
  }
  throw new Error('expected a refusal');
}

const published: QuestionnaireEvent = {
  type: 'QuestionnairePublished',
  data: { url, version, questionnaire: { ...painNrs, resourceType: 'Questionnaire', id: questionnaireIdOf(url, version), meta: { versionId: '1', lastUpdated: at } }, publishedAt: at },
};

describe('questionnaire bank decider', () => {
  it('publishes a version with a stable server id', () => {
    expect(when([], publish(painNrs))).toEqual([published]);
  });

  it('republishing the identical resource has no second effect, whatever id or meta the client sends', () => {
    expect(when([published], publish(painNrs, later))).toEqual([]);
    expect(when([published], publish({ ...painNrs, id: 'theirs', meta: { lastUpdated: later } }, later))).toEqual([]);
    // Key order is not content.
    const reordered = Object.fromEntries(Object.entries(painNrs).reverse());
    expect(when([published], publish(reordered, later))).toEqual([]);
  });

  it('refuses different content under a published url and version: versions are immutable', () => {
    const changed = { ...painNrs, title: 'Smerte (ny)' };
    const err = refusal(() => when([published], publish(changed, later)));
    expect(err.code).toBe('illegal-state');
    expect(err.message).toMatch(/already published with different content/);
  });

  it('refuses anything that is not a Questionnaire as malformed', () => {
    expect(refusal(() => when([], publish({ resourceType: 'Patient' }))).code).toBe('malformed');
    expect(refusal(() => when([], publish('Questionnaire'))).code).toBe('malformed');
  });

  it('names every problem at once: url, version, status and items', () => {
    const err = refusal(() => when([], publish({ resourceType: 'Questionnaire', status: 'draft', item: [] })));
    expect(err.code).toBe('validation');
    expect(err.problems.map((p) => p.location)).toEqual(['Questionnaire.url', 'Questionnaire.version', 'Questionnaire.status', 'Questionnaire.item']);
  });

  it('checks items: linkId present and unique across nesting, type from the FHIR value set', () => {
    const q = {
      ...painNrs,
      item: [
        { linkId: 'a', type: 'group', item: [{ linkId: 'pain', type: 'integer' }] },
        { linkId: 'pain', type: 'integer' },
        { type: 'slider' },
      ],
    };
    const err = refusal(() => when([], publish(q)));
    expect(err.problems).toEqual([
      { location: 'Questionnaire.item[1].linkId', message: "linkId 'pain' is used twice" },
      { location: 'Questionnaire.item[2].linkId', message: 'linkId is required' },
      { location: 'Questionnaire.item[2].type', message: expect.stringMatching(/^type must be one of/) },
    ]);
  });

  it('refuses a "|" in url or version, which would make the canonical ambiguous', () => {
    const err = refusal(() => when([], publish({ ...painNrs, url: 'http://x/a|b', version: '1|2' })));
    expect(err.problems.map((p) => p.location)).toEqual(['Questionnaire.url', 'Questionnaire.version']);
  });

  it('refuses a CPR-like value found by the caller: the bank is published on a public topic', () => {
    const err = refusal(() => when([], publish(painNrs, at, 'Questionnaire.item[2].text')));
    expect(err.code).toBe('validation');
    expect(err.problems).toEqual([expect.objectContaining({ location: 'Questionnaire.item[2].text' })]);
  });

  describe('retiring', () => {
    const retire: QuestionnaireCommand = { type: 'RetireQuestionnaire', url, version, at: later };
    const retired: QuestionnaireEvent = { type: 'QuestionnaireRetired', data: { url, version, retiredAt: later } };

    it('retires a published version', () => {
      expect(when([published], retire)).toEqual([retired]);
    });

    it('retiring twice has no second effect', () => {
      expect(when([published, retired], retire)).toEqual([]);
    });

    it('cannot retire a version that was never published', () => {
      expect(refusal(() => when([], retire)).code).toBe('not-found');
    });
  });
});
