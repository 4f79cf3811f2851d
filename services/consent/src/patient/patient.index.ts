import type { PoolClient } from 'pg';
import type { Queryable } from '@hub/event-store';

/**
 * CPR → internal patient id, written in the same transaction as PatientRegistered. The unique key makes
 * registration idempotent per person and keeps CPR lookups inside this service: everywhere else the hub
 * uses the internal id.
 */
export const PATIENT_INDEX_DDL = `
CREATE TABLE IF NOT EXISTS patient_index (
  cpr        text PRIMARY KEY,
  patient_id uuid NOT NULL UNIQUE
);`;

export async function findPatientIdByCpr(db: Queryable, cpr: string): Promise<string | undefined> {
  const { rows } = await db.query<{ patient_id: string }>('SELECT patient_id FROM patient_index WHERE cpr = $1', [cpr]);
  return rows[0]?.patient_id;
}

export async function indexPatient(tx: PoolClient, cpr: string, patientId: string): Promise<void> {
  await tx.query('INSERT INTO patient_index (cpr, patient_id) VALUES ($1, $2)', [cpr, patientId]);
}

export async function isRegistered(db: Queryable, patientId: string): Promise<boolean> {
  const { rows } = await db.query('SELECT 1 FROM patient_index WHERE patient_id = $1', [patientId]);
  return rows.length > 0;
}

/** Erasure: the clear CPR goes with the patient's keys, in the same transaction. */
export async function unindexPatient(tx: PoolClient, patientId: string): Promise<void> {
  await tx.query('DELETE FROM patient_index WHERE patient_id = $1', [patientId]);
}
