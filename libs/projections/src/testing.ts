/** Builders of quality-domain records for tests and demos of projections (no identifiers: pseudonyms only). */
import { randomBytes, randomUUID } from 'node:crypto';
import type { NewEvent } from '@hub/event-store';

/** A quality-domain dispatch record (pseudonymised: no identifiers), as the pseudonymisation service writes it. */
export function dispatchRecord(dispatchRef: string, unitSor: string): NewEvent {
  return {
    eventId: randomUUID(),
    type: 'QualityDispatchRecorded',
    schemaVersion: 1,
    data: { recordId: randomUUID(), pseudonym: 'ABCDEFGHIJKLMNOP7', dispatchRef, unitSor, questionnaire: { url: 'urn:test:q', version: '1' }, month: '2026-11' },
  };
}

export function responseRecord(dispatchRef: string, unitSor: string): NewEvent {
  return {
    eventId: randomUUID(),
    type: 'QualityResponseRecorded',
    schemaVersion: 1,
    data: { recordId: randomUUID(), pseudonym: 'ABCDEFGHIJKLMNOP7', dispatchRef, unitSor, questionnaire: { url: 'urn:test:q', version: '1' }, month: '2026-11', late: false, answers: [] },
  };
}

export const newDispatchRef = () => randomBytes(16).toString('hex');
