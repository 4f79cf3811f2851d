/** Builders of quality-domain records for tests and demos of projections (no identifiers: pseudonyms only). */
import { randomBytes, randomUUID } from 'node:crypto';
import type { NewEvent } from '@hub/event-store';

/** A quality-domain dispatch record (pseudonymised: no identifiers), as the pseudonymisation service writes it. */
export function dispatchRecord(dispatchRef: string, unitSor: string): NewEvent {
  return {
    eventId: randomUUID(),
    type: 'QualityDispatchRecorded',
    schemaVersion: 1,
    data: { recordId: newRecordId(), pseudonym: 'ABCDEFGHIJKLMNOP7', dispatchRef, unitSor, questionnaire: { url: 'urn:test:q', version: '1' }, month: '2026-11' },
  };
}

export function responseRecord(dispatchRef: string, unitSor: string): NewEvent {
  return {
    eventId: randomUUID(),
    type: 'QualityResponseRecorded',
    schemaVersion: 1,
    data: { recordId: newRecordId(), pseudonym: 'ABCDEFGHIJKLMNOP7', dispatchRef, unitSor, questionnaire: { url: 'urn:test:q', version: '1' }, month: '2026-11', late: false, answers: [] },
  };
}

/**
 * Random test identifiers drawn from alphabets that can never look like a CPR number (DDMMYY + 4 digits),
 * since they travel on quality topics that privacy checks scan for exactly that.
 */
const pick = (alphabet: string, length: number) => [...randomBytes(length)].map((b) => alphabet[b % alphabet.length]).join('');

/** A version-4-shaped UUID of hex letters only (random UUIDs put runs of digits on the topic now and then). */
export const newRecordId = () => `${pick('abcdef', 8)}-${pick('abcdef', 4)}-4${pick('abcdef', 3)}-a${pick('abcdef', 3)}-${pick('abcdef', 12)}`;

/** A dispatch reference (32 of [a-f0-9] per the contract), letters only. */
export const newDispatchRef = () => pick('abcdef', 32);

/** A SOR code (digits) using only 4–9, so no run of digits starts a plausible day of month. */
export const newUnitSor = () => pick('456789', 12);
