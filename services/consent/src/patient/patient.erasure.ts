import { randomUUID } from 'node:crypto';
import type { Pool } from 'pg';
import { contractOf, upcastEvent, type ErasureReason } from '@hub/contracts';
import { appendToStream, readStreamUpcast } from '@hub/event-store';
import { traceMetadata } from '@hub/messaging';
import type { SubjectKeys } from '@hub/subject-keys';
import { patientDecider } from './patient.decider';
import { patientStreamId, type PatientEvent } from './patient.events';
import { unindexPatient } from './patient.index';

/**
 * Erasure in one transaction (the library's `alongside`): the patient's data keys are destroyed, the clear
 * CPR index row deleted and PatientErased appended, or none of it. History is folded without decrypting:
 * the decision needs no CPR. An unknown patient is refused by the decider (not-found) before anything commits;
 * a second erasure decides nothing and reports `erased: false`.
 */
export async function erasePatient(pool: Pool, keys: SubjectKeys, patientId: string, reason: ErasureReason, at: string): Promise<{ erased: boolean }> {
  const streamId = patientStreamId(patientId);
  let appended = false;
  await keys.eraseSubject(patientId, at, reason, async (tx) => {
    const history = await readStreamUpcast(tx, streamId, upcastEvent);
    const state = history.map((e) => ({ type: e.type, data: e.data }) as PatientEvent).reduce(patientDecider.evolve, patientDecider.initialState());
    const events = patientDecider.decide({ type: 'ErasePatient', patientId, reason, at }, state);
    const metadata = traceMetadata();
    await appendToStream(tx, streamId, history.length, events.map((e) => ({ eventId: randomUUID(), type: e.type, schemaVersion: contractOf(e.type).schemaVersion, data: e.data, metadata })));
    await unindexPatient(tx, patientId);
    appended = events.length > 0;
  });
  return { erased: appended };
}
