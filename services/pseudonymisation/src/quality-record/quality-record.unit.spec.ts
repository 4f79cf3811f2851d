import { assertValidEvent, contractOf, type QuestionnaireDispatched, type QuestionnaireResponseAccepted, type QuestionnaireResponseScored } from '@hub/contracts';
import type { PatientInDomain } from '../domains/pseudonym-domains';
import { recordRefFor } from '../domains/domain-keys';
import { pseudonymFor } from './pseudonym';
import {
  qualityStreamId,
  responseVersionOf,
  toDispatchRetracted,
  toQualityDispatchRecorded,
  toQualityResponseRecorded,
  toQualityScoreRecorded,
  toResponseRetracted,
  type DoorFacts,
  type QualityRecord,
} from './quality-record';

const key = Buffer.alloc(32, 7);
const recordId = '0d9c4a8e-5b1f-4c3a-9e2d-7f6a5b4c3d2e';
const patientId = '7b0d3c9e-0d7e-4f7a-9d57-3f0f3c8f5e11';
const dispatchId = '11111111-2222-4333-8444-555555555555';
const orderId = '33333333-4444-4555-8666-777777777777';
const responseId = '22222222-3333-4444-8555-666666666666';
const unitSor = '123456789012345';
const questionnaire = { url: 'https://pro.example.dk/Questionnaire/hip', version: '2' };

/** The patient in the quality domain as a keyed implementation gives it; the mapping only ever calls ref(). */
const patient: PatientInDomain = { domain: 'quality', pseudonym: pseudonymFor(key, patientId), ref: (kind, id) => recordRefFor(key, kind, id) };
const pseudonym = patient.pseudonym;
const dispatchRef = patient.ref('dispatch', dispatchId);
const known: DoorFacts = { unit: { sector: 'hospital', region: 'Midtjylland' }, birthDate: '1956-11-03' };

const dispatched: QuestionnaireDispatched = {
  dispatchId,
  patientId,
  unitSor,
  questionnaire,
  dispatchedAt: '2026-11-03T09:00:00.000Z',
  expiresAt: '2026-11-17T22:30:00.000Z',
};

const accepted: QuestionnaireResponseAccepted = {
  responseId,
  dispatchId,
  patientId,
  unitSor,
  questionnaire,
  authored: '2026-11-30T22:00:00Z',
  receivedAt: '2026-11-30T23:10:00.000Z',
  late: true,
  proxy: true,
  paper: false,
  response: {
    resourceType: 'QuestionnaireResponse',
    meta: { versionId: '1' },
    subject: { reference: `Patient/${patientId}`, display: '010190-1234' },
    item: [
      { linkId: 'pain', answer: [{ valueInteger: 4 }] },
      { linkId: 'comment', answer: [{ valueString: 'call me on 87654321' }] },
      { linkId: 'mobility', answer: [{ valueCoding: { system: 'http://loinc.org', code: 'LA6111-4', display: 'Some problems' } }] },
    ],
  },
};

const scored: QuestionnaireResponseScored = {
  responseId,
  responseVersion: 2,
  dispatchId,
  patientId,
  unitSor,
  questionnaire,
  package: { id: 'phq-9', version: '1.0.0' },
  scores: [
    { name: 'total', value: 16, band: { code: 'moderately-severe', display: 'Moderately severe depression' } },
    { name: 'item9', value: 1 },
  ],
  notComputed: ['sub-scale'],
  triage: { colour: 'red', reasons: [{ rule: 'item9', colour: 'red', text: 'Thoughts of self-harm: call the patient today' }] },
  scoredAt: '2026-11-30T23:10:00.000Z',
};

function expectValid(record: QualityRecord): void {
  expect(() => assertValidEvent(record.type, contractOf(record.type).schemaVersion, record.data)).not.toThrow();
}

describe('a dispatch', () => {
  it('becomes a pseudonymised record with unit facts, age band, Danish days and month, and no identifiers', () => {
    const record = toQualityDispatchRecorded(dispatched, known, patient, recordId);
    expect(record).toEqual({
      type: 'QualityDispatchRecorded',
      data: {
        recordId,
        pseudonym,
        dispatchRef,
        unit: { sor: unitSor, sector: 'hospital', region: 'Midtjylland' },
        questionnaire,
        ageBand: '70-79', // 70 on the dispatch day, the birthday itself
        dispatchedOn: '2026-11-03',
        expiresOn: '2026-11-17', // 23:30 in Copenhagen
        month: '2026-11',
      },
    });
    expectValid(record);
    for (const leak of [patientId, dispatchId, '1956', '09:00']) expect(JSON.stringify(record)).not.toContain(leak);
    expect(qualityStreamId(record.data.dispatchRef)).toBe(`quality-${dispatchRef}`);
  });

  it('of an order carries the keyed order reference and the occurrence, never the order id', () => {
    const record = toQualityDispatchRecorded({ ...dispatched, order: { orderId, occurrence: 3 } }, known, patient, recordId);
    expect(record.type === 'QualityDispatchRecorded' && record.data.pathway).toEqual({ ref: patient.ref('order', orderId), occurrence: 3 });
    expect(patient.ref('order', orderId)).not.toBe(dispatchRef);
    expect(JSON.stringify(record)).not.toContain(orderId);
    expectValid(record);
  });

  it('of a unit not yet in the register is still released, with sector and region null; an unknown birth date gives no band', () => {
    const record = toQualityDispatchRecorded(dispatched, {}, patient, recordId);
    expect(record.data).toMatchObject({ unit: { sor: unitSor, sector: null, region: null } });
    expect(record.data).not.toHaveProperty('ageBand');
    expect(record.data).not.toHaveProperty('pathway');
    expectValid(record);
  });

  it('is banded by the Danish day: from 23:00 UTC the evening before the 70th birthday it is the birthday in Copenhagen', () => {
    const band = (dispatchedAt: string) => toQualityDispatchRecorded({ ...dispatched, dispatchedAt }, known, patient, recordId).data;
    expect(band('2026-11-02T22:59:59.000Z')).toMatchObject({ ageBand: '60-69', dispatchedOn: '2026-11-02' });
    expect(band('2026-11-02T23:00:00.000Z')).toMatchObject({ ageBand: '70-79', dispatchedOn: '2026-11-03' });
    // Summer time: midnight is 22:00 UTC.
    const summer = { ...known, birthDate: '1956-07-01' };
    expect(toQualityDispatchRecorded({ ...dispatched, dispatchedAt: '2026-06-30T21:59:59.000Z' }, summer, patient, recordId).data).toMatchObject({ ageBand: '60-69', dispatchedOn: '2026-06-30', month: '2026-06' });
    expect(toQualityDispatchRecorded({ ...dispatched, dispatchedAt: '2026-06-30T22:00:00.000Z' }, summer, patient, recordId).data).toMatchObject({ ageBand: '70-79', dispatchedOn: '2026-07-01', month: '2026-07' });
  });
});

describe('a response', () => {
  it('accepted becomes version 1 with minimised answers, the Danish day and month it arrived, late and proxy flags', () => {
    const record = toQualityResponseRecorded(accepted, responseVersionOf('accepted', accepted), known, patient, recordId);
    expect(record).toEqual({
      type: 'QualityResponseRecorded',
      data: {
        recordId,
        pseudonym,
        dispatchRef,
        responseVersion: 1,
        unit: { sor: unitSor, sector: 'hospital', region: 'Midtjylland' },
        questionnaire,
        ageBand: '70-79',
        answeredOn: '2026-12-01', // 00:10 in Copenhagen
        month: '2026-12',
        late: true,
        proxy: true,
        answers: [
          { linkId: 'pain', integer: 4 },
          { linkId: 'mobility', code: 'LA6111-4', system: 'http://loinc.org' },
        ],
      },
    });
    expectValid(record);
    const text = JSON.stringify(record);
    for (const leak of [patientId, dispatchId, responseId, '010190', '87654321', 'Patient/', 'Some problems', 'paper']) expect(text).not.toContain(leak);
  });

  it('amended takes intake’s version number (meta.versionId); an amendment without one is refused, not guessed', () => {
    const amended = (versionId: unknown) => ({ ...accepted, response: { ...accepted.response, status: 'amended', meta: { versionId } } });
    expect(responseVersionOf('amended', amended('2'))).toBe(2);
    expect(responseVersionOf('amended', amended('5'))).toBe(5);
    // The first accepted version is 1 whatever its meta says.
    expect(responseVersionOf('accepted', amended('7'))).toBe(1);
    for (const bad of [undefined, '1', 'two', '2.5', '-3']) expect(() => responseVersionOf('amended', amended(bad))).toThrow(/no version number above 1/);
    const record = toQualityResponseRecorded(amended('2'), 2, known, patient, recordId);
    expect(record.data).toMatchObject({ responseVersion: 2, dispatchRef });
    expectValid(record);
  });

  it('without a proxy flag (older events) has none', () => {
    const { proxy: _proxy, ...older } = accepted;
    expect(toQualityResponseRecorded(older, 1, known, patient, recordId).data).not.toHaveProperty('proxy');
  });
});

describe('scores', () => {
  it('carry name, value and the band code only: no band display text, no triage, no reasons', () => {
    const record = toQualityScoreRecorded(scored, known, patient, recordId);
    expect(record).toEqual({
      type: 'QualityScoreRecorded',
      data: {
        recordId,
        pseudonym,
        dispatchRef,
        responseVersion: 2,
        unit: { sor: unitSor, sector: 'hospital', region: 'Midtjylland' },
        questionnaire,
        package: { id: 'phq-9', version: '1.0.0' },
        scores: [
          { name: 'total', value: 16, band: 'moderately-severe' },
          { name: 'item9', value: 1 },
        ],
      },
    });
    expectValid(record);
    for (const leak of ['Moderately severe', 'self-harm', 'red', 'sub-scale']) expect(JSON.stringify(record)).not.toContain(leak);
  });
});

describe('retractions', () => {
  it('a response entered in error withdraws the answer (scope response), on the Danish day it was marked', () => {
    const record = toResponseRetracted({ responseId, dispatchId, patientId, unitSor, questionnaire, markedAt: '2026-12-31T23:30:00.000Z' }, patient, recordId);
    expect(record).toEqual({ type: 'QualityRecordRetracted', data: { recordId, pseudonym, dispatchRef, scope: 'response', reason: 'entered-in-error', retractedOn: '2027-01-01' } });
    expectValid(record);
  });

  it('an erasure withdraws the whole dispatch (scope dispatch)', () => {
    const record = toDispatchRetracted(dispatchRef, patient, '2026-11-20T10:00:00.000Z', recordId);
    expect(record).toEqual({ type: 'QualityRecordRetracted', data: { recordId, pseudonym, dispatchRef, scope: 'dispatch', reason: 'patient-erased', retractedOn: '2026-11-20' } });
    expectValid(record);
  });
});

describe('one dispatch, one stream', () => {
  it('every record of a dispatch shares its reference and pseudonym, so they join and land in one stream', () => {
    const records = [
      toQualityDispatchRecorded(dispatched, known, patient, recordId),
      toQualityResponseRecorded(accepted, 1, known, patient, recordId),
      toQualityScoreRecorded(scored, known, patient, recordId),
      toResponseRetracted({ responseId, dispatchId, patientId, unitSor, questionnaire, markedAt: scored.scoredAt }, patient, recordId),
    ];
    expect(new Set(records.map((r) => qualityStreamId(r.data.dispatchRef)))).toEqual(new Set([`quality-${dispatchRef}`]));
    expect(new Set(records.map((r) => r.data.pseudonym))).toEqual(new Set([pseudonym]));
  });
});
