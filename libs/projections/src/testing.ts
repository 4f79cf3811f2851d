/** Builders of quality-domain records for tests and demos of projections (no identifiers: pseudonyms only). */
import { randomBytes, randomUUID } from 'node:crypto';
import type { NewEvent } from '@hub/event-store';

/** The unit as quality records carry it; region and sector are made up but fixed, so region cells collect tests' units. */
export interface TestUnit {
  sor: string;
  sector: 'hospital' | 'municipality' | 'general-practice' | null;
  region: string | null;
}

export interface RecordOptions {
  unit?: Partial<TestUnit>;
  month?: string;
  pathway?: { ref: string; occurrence: number };
  questionnaireUrl?: string;
  pseudonym?: string;
}

const TEST_PSEUDONYM = 'ABCDEFGHIJKLMNOP7';
const unitOf = (unitSor: string, o: RecordOptions): TestUnit => ({ sor: unitSor, sector: 'hospital', region: 'Region Test', ...o.unit });
const questionnaireOf = (o: RecordOptions) => ({ url: o.questionnaireUrl ?? 'urn:test:q', version: '1' });
const event = (type: string, schemaVersion: number, data: object): NewEvent => ({ eventId: randomUUID(), type, schemaVersion, data });

/** A quality-domain dispatch record (pseudonymised: no identifiers), contract v2, as the pseudonymisation service writes it. */
export function dispatchRecord(dispatchRef: string, unitSor: string, o: RecordOptions = {}): NewEvent {
  const month = o.month ?? '2026-11';
  return event('QualityDispatchRecorded', 2, {
    recordId: newRecordId(),
    pseudonym: o.pseudonym ?? TEST_PSEUDONYM,
    dispatchRef,
    ...(o.pathway ? { pathway: o.pathway } : {}),
    unit: unitOf(unitSor, o),
    questionnaire: questionnaireOf(o),
    dispatchedOn: `${month}-02`,
    expiresOn: `${month}-09`,
    month,
  });
}

/** One version of the answer to a dispatch (contract v2); `late` answers arrive after the dispatch expired. */
export function responseRecord(dispatchRef: string, unitSor: string, o: RecordOptions & { version?: number; late?: boolean } = {}): NewEvent {
  const month = o.month ?? '2026-11';
  return event('QualityResponseRecorded', 2, {
    recordId: newRecordId(),
    pseudonym: o.pseudonym ?? TEST_PSEUDONYM,
    dispatchRef,
    responseVersion: o.version ?? 1,
    unit: unitOf(unitSor, o),
    questionnaire: questionnaireOf(o),
    answeredOn: `${month}-${o.late ? '20' : '04'}`,
    month,
    late: o.late ?? false,
    answers: [],
  });
}

/** The scores of one response version. */
export function scoreRecord(dispatchRef: string, unitSor: string, scores: Record<string, number>, o: RecordOptions & { version?: number } = {}): NewEvent {
  return event('QualityScoreRecorded', 1, {
    recordId: newRecordId(),
    pseudonym: o.pseudonym ?? TEST_PSEUDONYM,
    dispatchRef,
    responseVersion: o.version ?? 1,
    unit: unitOf(unitSor, o),
    questionnaire: questionnaireOf(o),
    package: { id: 'test', version: '1.0.0' },
    scores: Object.entries(scores).map(([name, value]) => ({ name, value })),
  });
}

/** A retraction: 'response' (entered in error) or 'dispatch' (the patient was erased). */
export function retractionRecord(dispatchRef: string, scope: 'response' | 'dispatch', o: Pick<RecordOptions, 'pseudonym'> = {}): NewEvent {
  return event('QualityRecordRetracted', 1, {
    recordId: newRecordId(),
    pseudonym: o.pseudonym ?? TEST_PSEUDONYM,
    dispatchRef,
    scope,
    reason: scope === 'response' ? 'entered-in-error' : 'patient-erased',
    retractedOn: '2026-12-01',
  });
}

/**
 * Random test identifiers drawn from alphabets that can never look like a CPR number (DDMMYY + 4 digits),
 * since they travel on quality topics that privacy checks scan for exactly that.
 */
const pick = (alphabet: string, length: number) => [...randomBytes(length)].map((b) => alphabet[b % alphabet.length]).join('');

/** A version-4-shaped UUID of hex letters only (random UUIDs put runs of digits on the topic now and then). */
export const newRecordId = () => `${pick('abcdef', 8)}-${pick('abcdef', 4)}-4${pick('abcdef', 3)}-a${pick('abcdef', 3)}-${pick('abcdef', 12)}`;

/** A dispatch reference (26 of [a-z2-7] per the contract). */
export const newDispatchRef = () => pick('abcdefghijklmnopqrstuvwxyz234567', 26);

/** A SOR code (digits) using only 4–9, so no run of digits starts a plausible day of month. */
export const newUnitSor = () => pick('456789', 12);
