import { assertValidEvent, type QuestionnaireDispatched, type QuestionnaireResponseAccepted } from '@hub/contracts';
import { dispatchRefFor, pseudonymFor } from './pseudonym';
import { streamIdOf, toQualityDispatchRecorded, toQualityResponseRecorded } from './quality-record';

const key = Buffer.alloc(32, 7);
const recordId = '0d9c4a8e-5b1f-4c3a-9e2d-7f6a5b4c3d2e';
const patientId = '7b0d3c9e-0d7e-4f7a-9d57-3f0f3c8f5e11';
const dispatchId = '11111111-2222-4333-8444-555555555555';
const questionnaire = { url: 'https://pro.example.dk/Questionnaire/hip', version: '2' };

const dispatched: QuestionnaireDispatched = {
  dispatchId,
  patientId,
  unitSor: '123456789012345',
  questionnaire,
  dispatchedAt: '2026-11-03T09:00:00.000Z',
  expiresAt: '2026-11-17T09:00:00.000Z',
};

const accepted: QuestionnaireResponseAccepted = {
  responseId: '22222222-3333-4444-8555-666666666666',
  dispatchId,
  patientId,
  unitSor: '123456789012345',
  questionnaire,
  authored: '2026-11-30T22:00:00Z',
  receivedAt: '2026-11-30T23:10:00.000Z',
  late: true,
  response: {
    resourceType: 'QuestionnaireResponse',
    subject: { reference: `Patient/${patientId}`, display: '010190-1234' },
    item: [
      { linkId: 'pain', answer: [{ valueInteger: 4 }] },
      { linkId: 'comment', answer: [{ valueString: 'call me on 87654321' }] },
    ],
  },
};

describe('quality records', () => {
  it('a dispatch becomes a pseudonymised record with the month and no identifiers', () => {
    const record = toQualityDispatchRecorded(key, dispatched, recordId);
    expect(record).toEqual({
      type: 'QualityDispatchRecorded',
      data: { recordId, pseudonym: pseudonymFor(key, patientId), dispatchRef: dispatchRefFor(key, dispatchId), unitSor: '123456789012345', questionnaire, month: '2026-11' },
    });
    expect(() => assertValidEvent(record.type, 1, record.data)).not.toThrow();
    expect(JSON.stringify(record)).not.toContain(patientId);
    expect(JSON.stringify(record)).not.toContain(dispatchId);
    expect(streamIdOf(record)).toBe(`quality-dispatch-${dispatchRefFor(key, dispatchId)}`);
  });

  it('an accepted response becomes a record with minimised answers, late flag and the Danish month it arrived', () => {
    const record = toQualityResponseRecorded(key, accepted, recordId);
    expect(record.type).toBe('QualityResponseRecorded');
    expect(record.data).toMatchObject({ dispatchRef: dispatchRefFor(key, dispatchId), month: '2026-12', late: true, answers: [{ linkId: 'pain', integer: 4 }] });
    expect(() => assertValidEvent(record.type, 1, record.data)).not.toThrow();
    const text = JSON.stringify(record);
    for (const leak of [patientId, dispatchId, accepted.responseId, '010190', '87654321', 'Patient/']) expect(text).not.toContain(leak);
    expect(streamIdOf(record)).toBe(`quality-response-${dispatchRefFor(key, dispatchId)}`);
  });

  it('a dispatch and its response share the dispatch reference and pseudonym, so they can be joined', () => {
    const d = toQualityDispatchRecorded(key, dispatched, recordId).data;
    const r = toQualityResponseRecorded(key, accepted, recordId).data;
    expect([r.dispatchRef, r.pseudonym]).toEqual([d.dispatchRef, d.pseudonym]);
  });
});
