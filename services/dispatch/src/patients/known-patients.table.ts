import type { PoolClient } from 'pg';
import type { Queryable } from '@hub/event-store';

/**
 * The patients dispatch may order questionnaires for, learned from the consent topic only. Deliberately
 * without the CPR number: dispatch works with the internal id, and what it never stores it can never leak.
 */
export const KNOWN_PATIENTS_DDL = `
CREATE TABLE IF NOT EXISTS known_patients (
  patient_id        uuid        PRIMARY KEY,
  registered_at     timestamptz,
  treatment_consent boolean     NOT NULL DEFAULT false,
  erased_at         timestamptz
);
-- Tables made before erasure was handled get the column (NULL: not erased).
ALTER TABLE known_patients ADD COLUMN IF NOT EXISTS erased_at timestamptz;`;

export interface PatientFacts {
  known: boolean;
  treatmentConsent: boolean;
  /** Erased by the consent service: refused for good, whatever consent or care the tables still hold. */
  erased: boolean;
}

export async function rememberPatient(tx: PoolClient, patientId: string, registeredAt: string): Promise<void> {
  // Upsert: a ConsentGranted for the same patient may have created the row first (see below).
  await tx.query(
    `INSERT INTO known_patients (patient_id, registered_at) VALUES ($1, $2)
     ON CONFLICT (patient_id) DO UPDATE SET registered_at = EXCLUDED.registered_at`,
    [patientId, registeredAt],
  );
}

/**
 * Events of one patient share a stream key, hence a partition and an order, and consent refuses consent for an
 * unregistered patient; the upsert only makes the table indifferent to order should that ever change.
 */
export async function recordTreatmentConsent(tx: PoolClient, patientId: string): Promise<void> {
  await tx.query(
    `INSERT INTO known_patients (patient_id, treatment_consent) VALUES ($1, true)
     ON CONFLICT (patient_id) DO UPDATE SET treatment_consent = true`,
    [patientId],
  );
}

/** Withdrawal keeps the patient known (orders are refused with 409, not 404) and clears the consent. */
export async function recordTreatmentConsentWithdrawn(tx: PoolClient, patientId: string): Promise<void> {
  await tx.query(
    `INSERT INTO known_patients (patient_id, treatment_consent) VALUES ($1, false)
     ON CONFLICT (patient_id) DO UPDATE SET treatment_consent = false`,
    [patientId],
  );
}

/**
 * Erasure keeps the internal id as a tombstone (orders are refused with 409 naming the erasure, not 404), and
 * clears the consent. Dispatch holds no CPR number, name or answer to forget; its events keep the internal id.
 */
export async function recordPatientErased(tx: PoolClient, patientId: string, erasedAt: string): Promise<void> {
  await tx.query(
    `INSERT INTO known_patients (patient_id, treatment_consent, erased_at) VALUES ($1, false, $2)
     ON CONFLICT (patient_id) DO UPDATE SET treatment_consent = false, erased_at = COALESCE(known_patients.erased_at, EXCLUDED.erased_at)`,
    [patientId, erasedAt],
  );
}

export async function patientFacts(db: Queryable, patientId: string): Promise<PatientFacts> {
  const { rows } = await db.query<{ treatment_consent: boolean; erased: boolean }>('SELECT treatment_consent, erased_at IS NOT NULL AS erased FROM known_patients WHERE patient_id = $1', [patientId]);
  return { known: rows.length > 0, treatmentConsent: rows[0]?.treatment_consent ?? false, erased: rows[0]?.erased ?? false };
}
