import { emptyAccessState, type AccessRequest, type PatientAccessState } from '@hub/access-policy';
import { decideRead } from './read-decision';
import type { StoredResponse } from './response-reads';

const patientId = '7b0d3c9e-0d7e-4f7a-9d57-3f0f3c8f5e11';
const UNIT = '200000000000002';
const response = (responseId: string, receivedAt: string): StoredResponse => ({ responseId, patientId, unitSor: '100000000000001', receivedAt, resource: { resourceType: 'QuestionnaireResponse' } });
const march = response('r-march', '2026-03-10T00:00:00.000Z');
const may = response('r-may', '2026-05-10T00:00:00.000Z');
const request: AccessRequest = { actor: { subject: 'therapist-7', role: 'clinician', orgSor: UNIT }, patientId, purpose: 'treatment', data: { kind: 'questionnaire-response' }, at: '2026-06-01T00:00:00.000Z' };
const inCare: PatientAccessState = {
  ...emptyAccessState(),
  careRelationships: [{ relationshipId: 'rel', unitSor: UNIT, sector: 'municipality', pathway: 'rehab', validFrom: '2026-01-01T00:00:00.000Z' }],
};
const blockedForApril = (state: PatientAccessState): PatientAccessState => ({
  ...state,
  blocks: [{ blockId: 'b', target: { kind: 'unit', value: UNIT }, validFrom: '2026-05-20T00:00:00.000Z', dataFrom: '2026-03-01T00:00:00.000Z', dataTo: '2026-04-01T00:00:00.000Z' }],
});

describe('deciding a read of a patient’s responses', () => {
  it('releases everything to a unit in care', () => {
    expect(decideRead(inCare, request, [march, may])).toMatchObject({ decision: { effect: 'permit' }, released: [march, may] });
  });

  it('a block on data from a period withholds only the answers from that period', () => {
    const { decision, released } = decideRead(blockedForApril(inCare), request, [march, may]);
    expect(released).toEqual([may]);
    expect(decision).toMatchObject({ effect: 'permit', reason: 'care-relationship' });
  });

  it('when everything is withheld the logged decision is the deny and its reason', () => {
    expect(decideRead(blockedForApril(inCare), request, [march])).toMatchObject({ decision: { effect: 'deny', reason: 'blocked' }, released: [] });
  });

  it('with nothing to read, the decision is still made (and fails closed on the data period)', () => {
    expect(decideRead(emptyAccessState(), request, []).decision).toMatchObject({ effect: 'deny', reason: 'no-care-relationship' });
    expect(decideRead(blockedForApril(inCare), request, []).decision).toMatchObject({ effect: 'deny', reason: 'blocked' });
  });
});
