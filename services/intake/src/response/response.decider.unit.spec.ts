// Intake's decider as given events / when a submission / then events or an OperationOutcome.
import { randomUUID } from 'node:crypto';
import { foldEvents } from '@hub/event-store';
import type { Questionnaire } from '@hub/fhir-questionnaire';
import { instrumentById } from '@hub/pro-packages';
import { numbered, responseTo } from '@hub/pro-packages/testing';
import { DomainError, type OperationOutcomeError } from '@hub/service-kit/errors';
import type { DispatchFacts } from '../references/reference-tables';
import { responseDecider, type SubmitResponse } from './response.decider';
import type { ResponseEvent } from './response.events';

const phq9 = instrumentById('phq-9');
const patientId = randomUUID();
const responseId = randomUUID();
const at = '2026-11-10T10:00:00.000Z';
const dispatch: DispatchFacts = { dispatchId: randomUUID(), patientId, unitSor: '123456789', questionnaire: { url: phq9.questionnaire.url, version: '1.0.0' }, expiresAt: '2026-11-15T00:00:00.000Z' };
const links = { subject: { reference: `Patient/${patientId}` }, basedOn: [{ reference: `ServiceRequest/${dispatch.dispatchId}` }], identifier: { system: 'urn:app', value: 'r1' }, authored: at };

const answers = (items: number[], extra: Record<string, unknown> = {}) => responseTo(phq9, numbered('phq9', items), { ...links, ...extra });
const submit = (response: Record<string, unknown>, overrides: Partial<SubmitResponse> = {}): SubmitResponse => ({
  type: 'SubmitResponse',
  responseId,
  response,
  dispatch,
  known: { questionnaire: phq9.questionnaire as unknown as Questionnaire, retired: false },
  scoringPackage: phq9.package,
  receivedAt: at,
  ...overrides,
});
const when = (given: ResponseEvent[], command: SubmitResponse) => responseDecider.decide(command, foldEvents(responseDecider, given));
const calm = [0, 0, 1, 1, 0, 0, 0, 0, 0];

function refusal(fn: () => unknown): DomainError {
  try {
    fn();
  } catch (err) {
    if (err instanceof DomainError) return err;
    throw err;
  }
  throw new Error('expected a refusal');
}
const issuesOf = (fn: () => unknown) => (refusal(fn) as OperationOutcomeError).issues;

describe('a first submission', () => {
  it('is accepted and scored with the package version recorded', () => {
    const events = when([], submit(answers(calm)));
    expect(events.map((e) => e.type)).toEqual(['QuestionnaireResponseAccepted', 'QuestionnaireResponseScored']);
    expect(events[0].data).toMatchObject({ responseId, patientId, late: false, proxy: false, paper: false, response: { id: responseId, meta: { versionId: '1' } } });
    expect(events[1].data).toMatchObject({ responseVersion: 1, package: { id: 'phq-9', version: '1.0.0' }, scores: [{ name: 'total', value: 2 }], triage: { colour: 'green', reasons: [] } });
  });

  it('is red when the patient asks to be contacted', () => {
    const response = responseTo(phq9, { ...numbered('phq9', calm), 'contact-me': true }, links);
    const [, scored] = when([], submit(response));
    expect(scored.data).toMatchObject({ triage: { colour: 'red', reasons: [{ rule: 'contact-me' }] } });
  });

  it('is accepted without scores when no package scores the version', () => {
    expect(when([], submit(answers(calm), { scoringPackage: undefined })).map((e) => e.type)).toEqual(['QuestionnaireResponseAccepted']);
  });

  it('flags late, proxy and paper answers', () => {
    const proxy = answers(calm, { source: { reference: `RelatedPerson/${randomUUID()}` }, author: { reference: `Practitioner/${randomUUID()}` } });
    const [accepted] = when([], submit(proxy, { receivedAt: '2026-11-20T10:00:00.000Z' }));
    expect(accepted.data).toMatchObject({ late: true, proxy: true, paper: true });
    const keyed = answers(calm, { extension: [{ url: 'http://pro-hub.dk/fhir/StructureDefinition/response-mode', valueCode: 'paper' }] });
    expect(when([], submit(keyed))[0].data).toMatchObject({ proxy: false, paper: true });
  });

  it('reports every problem at once: wrong type, unknown option, disabled item answered, wrong patient', () => {
    const response = answers(calm, { subject: { reference: `Patient/${randomUUID()}` } });
    const items = response.item as { linkId: string; answer: unknown[] }[];
    items[0].answer = [{ valueInteger: 1 }];
    items[1].answer = [{ valueCoding: { system: 'http://pro-hub.dk/fhir/CodeSystem/frequency-two-weeks', code: '7' } }];
    // Every PHQ item answered "not at all" disables the difficulty question, so an answer to it is refused.
    const allZero = answers([0, 0, 0, 0, 0, 0, 0, 0, 0]);
    (allZero.item as unknown[]).splice(9, 0, { linkId: 'phq9-difficulty', answer: [{ valueCoding: { system: 'http://pro-hub.dk/fhir/CodeSystem/phq-difficulty', code: 'very' } }] });
    expect(issuesOf(() => when([], submit(response))).map((i) => i.diagnostics)).toEqual([
      'the dispatch belongs to another patient',
      expect.stringContaining('wrong type'),
      expect.stringContaining('is not one of the answerOptions'),
    ]);
    expect(issuesOf(() => when([], submit(allZero))).map((i) => i.diagnostics)).toEqual([expect.stringContaining('answer given to a disabled item phq9-difficulty')]);
  });

  it('refuses a version the dispatch did not order, and a retired version', () => {
    const other = answers(calm, { questionnaire: `${phq9.questionnaire.url}|1.0.1` });
    expect(issuesOf(() => when([], submit(other, { known: { questionnaire: undefined, retired: false } }))).map((i) => i.code)).toEqual(['business-rule', 'not-found']);
    const retired = issuesOf(() => when([], submit(answers(calm), { known: { questionnaire: phq9.questionnaire as unknown as Questionnaire, retired: true } })));
    expect(retired).toEqual([expect.objectContaining({ code: 'business-rule', diagnostics: expect.stringContaining('retired') })]);
  });

  it('cannot be entered-in-error when nothing was accepted', () => {
    expect(refusal(() => when([], submit(answers(calm, { status: 'entered-in-error' })))).code).toBe('validation');
  });
});

describe('later submissions are new events, never overwrites', () => {
  const first = when([], submit(answers(calm)));

  it('the identical response again has no second effect', () => {
    expect(when(first, submit(answers(calm)))).toEqual([]);
  });

  it('different answers with status completed are refused: only amended changes answers', () => {
    expect(refusal(() => when(first, submit(answers([3, 3, 3, 3, 3, 0, 0, 0, 0])))).code).toBe('illegal-state');
  });

  it('an amendment is validated and scored again as version 2', () => {
    const events = when(first, submit(answers([3, 3, 3, 3, 3, 0, 0, 0, 0], { status: 'amended' })));
    expect(events.map((e) => e.type)).toEqual(['QuestionnaireResponseAmended', 'QuestionnaireResponseScored']);
    expect(events[0].data).toMatchObject({ response: { meta: { versionId: '2' }, status: 'amended' } });
    expect(events[1].data).toMatchObject({ responseVersion: 2, scores: [{ value: 15 }], triage: { colour: 'red' } });
  });

  it('an amendment may not move to another dispatch', () => {
    const moved = answers(calm, { status: 'amended', basedOn: [{ reference: `ServiceRequest/${randomUUID()}` }] });
    expect(issuesOf(() => when(first, submit(moved, { dispatch: { ...dispatch, dispatchId: String((moved.basedOn as { reference: string }[])[0].reference.split('/')[1]) } }))).map((i) => i.diagnostics)).toEqual([
      expect.stringContaining('must keep its dispatch'),
    ]);
  });

  it('entered-in-error is recorded once, drops the scores, and nothing follows it', () => {
    const marked = when(first, submit(answers(calm, { status: 'entered-in-error' })));
    expect(marked).toEqual([{ type: 'QuestionnaireResponseEnteredInError', data: expect.objectContaining({ responseId, markedAt: at }) }]);
    const after = [...first, ...marked];
    expect(foldEvents(responseDecider, after).current).toMatchObject({ status: 'entered-in-error', versionId: 2, scored: undefined });
    expect(when(after, submit(answers(calm, { status: 'entered-in-error' })))).toEqual([]);
    expect(refusal(() => when(after, submit(answers([1, 1, 1, 1, 1, 1, 1, 1, 1], { status: 'amended' })))).code).toBe('illegal-state');
  });
});
