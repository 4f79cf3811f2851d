import type { Questionnaire } from '@hub/fhir-questionnaire';
import type { DispatchFacts } from '../references/reference-tables';
import { responseDecider, type ResponseCommand } from './response.decider';

const dispatchId = '0b6f7c2e-3f8a-4d0e-9a51-6c1d2e3f4a5b';
const patientId = '7b0d3c9e-0d7e-4f7a-9d57-3f0f3c8f5e11';
const url = 'http://pro-hub.dk/fhir/Questionnaire/nrs-test';
const questionnaire = { resourceType: 'Questionnaire', url, version: '1', status: 'active', item: [{ linkId: 'pain', type: 'integer', required: true }] } as unknown as Questionnaire;
const dispatch: DispatchFacts = { dispatchId, patientId, unitSor: '1234567', questionnaire: { url, version: '1' }, expiresAt: '2026-11-15T10:00:00.000Z' };

const accept = (facts: DispatchFacts, receivedAt: string): ResponseCommand => ({
  type: 'SubmitResponse',
  responseId: '5d1e3a4b-1c2d-4e5f-8a9b-0c1d2e3f4a5b',
  response: {
    resourceType: 'QuestionnaireResponse',
    status: 'completed',
    questionnaire: `${url}|1`,
    basedOn: [{ reference: `ServiceRequest/${dispatchId}` }],
    subject: { reference: `Patient/${patientId}` },
    item: [{ linkId: 'pain', answer: [{ valueInteger: 3 }] }],
  },
  dispatch: facts,
  known: { questionnaire, retired: false },
  scoringPackage: undefined,
  receivedAt,
});

const lateOf = (facts: DispatchFacts, receivedAt: string) => {
  const [accepted] = responseDecider.decide(accept(facts, receivedAt), responseDecider.initialState());
  if (accepted.type !== 'QuestionnaireResponseAccepted') throw new Error(`expected an acceptance, got ${accepted.type}`);
  return accepted.data.late;
};

describe('intake: late answers', () => {
  it('an answer before expiry is on time', () => {
    expect(lateOf(dispatch, '2026-11-10T10:00:00.000Z')).toBe(false);
  });

  it('an answer after expiresAt is late even before dispatch says so', () => {
    expect(lateOf(dispatch, '2026-11-16T10:00:00.000Z')).toBe(true);
  });

  it('an answer to a dispatch that dispatch declared expired is late, whatever intake’s own clock says', () => {
    expect(lateOf({ ...dispatch, expiredAt: '2026-11-15T10:00:00.000Z' }, '2026-11-10T10:00:00.000Z')).toBe(true);
  });
});
