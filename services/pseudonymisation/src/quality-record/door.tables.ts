import type { Queryable } from '@hub/event-store';
import type { QualityRecord } from './quality-record';

/**
 * The door's own bookkeeping, on the treatment side (never published):
 * - released dispatches per patient, so an erasure can retract every record the door let out for the patient;
 * - records held back because their dispatch record has not been released yet (the consumer reads the dispatch
 *   and intake topics side by side, so after a pause an answer can arrive before its dispatch), released right
 *   after it so each quality stream starts with its dispatch;
 * - erased patients: only the internal random id, which after erasure points at nothing, kept so that a treatment
 *   event still in flight cannot release a record about someone already erased.
 */
export const QUALITY_DOOR_DDL = `
CREATE TABLE IF NOT EXISTS quality_released_dispatches (
  patient_id   uuid NOT NULL,
  dispatch_ref text NOT NULL,
  PRIMARY KEY (patient_id, dispatch_ref)
);
CREATE TABLE IF NOT EXISTS quality_held_records (
  seq          bigserial PRIMARY KEY,
  dispatch_ref text NOT NULL,
  patient_id   uuid NOT NULL,
  type         text NOT NULL,
  data         jsonb NOT NULL
);
CREATE INDEX IF NOT EXISTS quality_held_records_by_dispatch ON quality_held_records (dispatch_ref, seq);
CREATE TABLE IF NOT EXISTS quality_erased_patients (
  patient_id uuid PRIMARY KEY
);`;

export async function rememberRelease(db: Queryable, patientId: string, dispatchRef: string): Promise<void> {
  await db.query('INSERT INTO quality_released_dispatches (patient_id, dispatch_ref) VALUES ($1, $2) ON CONFLICT DO NOTHING', [patientId, dispatchRef]);
}

/** The dispatch references released for a patient, in a stable order. */
export async function releasedDispatchesOf(db: Queryable, patientId: string): Promise<string[]> {
  const { rows } = await db.query<{ dispatch_ref: string }>('SELECT dispatch_ref FROM quality_released_dispatches WHERE patient_id = $1 ORDER BY dispatch_ref', [patientId]);
  return rows.map((r) => r.dispatch_ref);
}

export async function hold(db: Queryable, patientId: string, record: QualityRecord): Promise<void> {
  await db.query('INSERT INTO quality_held_records (dispatch_ref, patient_id, type, data) VALUES ($1, $2, $3, $4)', [record.data.dispatchRef, patientId, record.type, JSON.stringify(record.data)]);
}

/** Removes and returns the records held for a dispatch, in the order they arrived. */
export async function takeHeld(db: Queryable, dispatchRef: string): Promise<QualityRecord[]> {
  const { rows } = await db.query<{ seq: string; type: QualityRecord['type']; data: QualityRecord['data'] }>('DELETE FROM quality_held_records WHERE dispatch_ref = $1 RETURNING seq, type, data', [dispatchRef]);
  return rows.sort((a, b) => Number(BigInt(a.seq) - BigInt(b.seq))).map((r) => ({ type: r.type, data: r.data }) as QualityRecord);
}

export async function heldCount(db: Queryable): Promise<number> {
  const { rows } = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM quality_held_records');
  return rows[0].n;
}

export async function isErased(db: Queryable, patientId: string): Promise<boolean> {
  const { rows } = await db.query('SELECT 1 FROM quality_erased_patients WHERE patient_id = $1', [patientId]);
  return rows.length > 0;
}

/** After the retractions: what linked the patient to quality records goes, and the patient is marked erased. */
export async function forgetReleases(db: Queryable, patientId: string): Promise<void> {
  await db.query('DELETE FROM quality_released_dispatches WHERE patient_id = $1', [patientId]);
  await db.query('DELETE FROM quality_held_records WHERE patient_id = $1', [patientId]);
  await db.query('INSERT INTO quality_erased_patients (patient_id) VALUES ($1) ON CONFLICT DO NOTHING', [patientId]);
}
