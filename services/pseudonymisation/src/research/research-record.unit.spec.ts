import { assertValidEvent, type QuestionnaireResponseAccepted, type QuestionnaireResponseScored } from '@hub/contracts';
import { findCprLike } from '@hub/messaging';
import { recordRefFor } from '../domains/domain-keys';
import type { PatientInDomain } from '../domains/pseudonym-domains';
import { danishDayOf, researchStreamId, responseVersionOf, toResearchRecordReleased, toResearchRecordsRetracted, toResearchScoresReleased } from './research-record';

const key = Buffer.alloc(32, 3);
const patient: PatientInDomain = { domain: 'research:knee-2026', pseudonym: 'ABCDEFGHIJKLMNOP7', ref: (kind, id) => recordRefFor(key, kind, id) };
const RECORD_ID = '5b0b4a52-6d1e-4e0e-9a57-1c6f0c2b9a10';

const accepted: QuestionnaireResponseAccepted = {
  responseId: '0f3a7c1e-2b4d-4c6e-8f10-123456789abc',
  dispatchId: '1f3a7c1e-2b4d-4c6e-8f10-123456789abc',
  patientId: '2f3a7c1e-2b4d-4c6e-8f10-123456789abc',
  unitSor: '123456789012345',
  questionnaire: { url: 'http://pro-hub.dk/q/phq-9', version: '1.0.0' },
  authored: '2026-11-30T22:30:00Z',
  receivedAt: '2026-11-30T23:30:00.000Z',
  late: false,
  response: {
    resourceType: 'QuestionnaireResponse',
    meta: { versionId: '2' },
    item: [
      { linkId: 'q1', answer: [{ valueInteger: 2 }] },
      { linkId: 'comment', answer: [{ valueString: 'Jens Hansen, 010190-1234, feels worse' }] },
      { linkId: 'code', answer: [{ valueCoding: { system: 'urn:x', code: 'LA1', display: 'free text' } }] },
    ],
  },
};

describe('a released research record', () => {
  const { type, data } = toResearchRecordReleased('knee-2026', patient, accepted, { unit: { sector: 'hospital', region: 'Region Midtjylland' }, birthDate: '1976-12-01' }, RECORD_ID);

  it('carries the project pseudonym, a keyed record reference, region and sector, an age band and the Danish day', () => {
    expect(type).toBe('ResearchRecordReleased');
    expect(data).toEqual({
      recordId: RECORD_ID,
      projectId: 'knee-2026',
      pseudonym: 'ABCDEFGHIJKLMNOP7',
      recordRef: recordRefFor(key, 'response', accepted.responseId),
      responseVersion: 2,
      questionnaire: accepted.questionnaire,
      // 50 on the Danish day 1 December; on the UTC day (30 November) the patient would still be 49, band 40-49.
      ageBand: '50-59',
      unit: { sector: 'hospital', region: 'Region Midtjylland' },
      answeredOn: '2026-12-01',
      answers: [
        { linkId: 'q1', integer: 2 },
        { linkId: 'code', code: 'LA1', system: 'urn:x' },
      ],
    });
    assertValidEvent('ResearchRecordReleased', 1, data);
  });

  it('holds no unit SOR code, patient id, free text, instant or CPR-like value', () => {
    const text = JSON.stringify(data);
    for (const leak of [accepted.unitSor, accepted.patientId, accepted.responseId, accepted.dispatchId, 'Jens', 'feels worse', 'free text', accepted.receivedAt, '1976-12-01']) expect(text).not.toContain(leak);
    expect(findCprLike(data)).toBeUndefined();
  });

  it('says null for region and sector and leaves out the age band when the facts are unknown', () => {
    const unknown = toResearchRecordReleased('knee-2026', patient, accepted, {}, RECORD_ID).data;
    expect(unknown.unit).toEqual({ sector: null, region: null });
    expect(unknown).not.toHaveProperty('ageBand');
    assertValidEvent('ResearchRecordReleased', 1, unknown);
  });
});

describe('released scores', () => {
  const scored: QuestionnaireResponseScored = {
    responseId: accepted.responseId,
    responseVersion: 2,
    dispatchId: accepted.dispatchId,
    patientId: accepted.patientId,
    unitSor: accepted.unitSor,
    questionnaire: accepted.questionnaire,
    package: { id: 'phq-9', version: '1.0.0' },
    scores: [
      { name: 'total', value: 12, band: { code: 'moderate', display: 'Moderat depression' } },
      { name: 'item9', value: 0 },
    ],
    notComputed: [],
    triage: { colour: 'yellow', reasons: [{ rule: 'total>=10', colour: 'yellow', text: 'Kontakt patienten' }] },
    scoredAt: '2026-11-30T23:30:01.000Z',
  };

  it('carry names, values and band codes under the same record reference, and no texts', () => {
    const { data } = toResearchScoresReleased('knee-2026', patient, scored, RECORD_ID);
    expect(data.recordRef).toBe(recordRefFor(key, 'response', accepted.responseId));
    expect(data.scores).toEqual([
      { name: 'total', value: 12, band: 'moderate' },
      { name: 'item9', value: 0 },
    ]);
    expect(JSON.stringify(data)).not.toMatch(/Moderat|Kontakt|yellow/);
    assertValidEvent('ResearchScoresReleased', 1, data);
  });
});

describe('retractions', () => {
  it('cover every record of the pseudonym, or one record when entered in error', () => {
    const all = toResearchRecordsRetracted('knee-2026', patient, 'consent-withdrawn', '2026-12-02', RECORD_ID).data;
    expect(all).toEqual({ recordId: RECORD_ID, projectId: 'knee-2026', pseudonym: patient.pseudonym, reason: 'consent-withdrawn', retractedOn: '2026-12-02' });
    const one = toResearchRecordsRetracted('knee-2026', patient, 'entered-in-error', '2026-12-02', RECORD_ID, accepted.responseId).data;
    expect(one.recordRef).toBe(recordRefFor(key, 'response', accepted.responseId));
    assertValidEvent('ResearchRecordsRetracted', 1, all);
    assertValidEvent('ResearchRecordsRetracted', 1, one);
  });

  it('share the stream (and message key) of the patient records in the project', () => {
    expect(researchStreamId('knee-2026', patient.pseudonym)).toBe('research-knee-2026-ABCDEFGHIJKLMNOP7');
  });
});

describe('days and versions', () => {
  it('takes the calendar day in Danish time, also across midnight and the summer-time change', () => {
    expect(danishDayOf('2026-11-30T22:59:59Z')).toBe('2026-11-30');
    expect(danishDayOf('2026-11-30T23:00:00Z')).toBe('2026-12-01');
    expect(danishDayOf('2026-06-30T22:00:00Z')).toBe('2026-07-01');
    expect(() => danishDayOf('yesterday')).toThrow(/not a date/);
  });

  it('reads the response version from meta.versionId, 1 when absent or odd', () => {
    expect(responseVersionOf({ resourceType: 'QuestionnaireResponse', meta: { versionId: '3' } })).toBe(3);
    expect(responseVersionOf({ resourceType: 'QuestionnaireResponse' })).toBe(1);
    expect(responseVersionOf({ resourceType: 'QuestionnaireResponse', meta: { versionId: 'x' } })).toBe(1);
  });
});
