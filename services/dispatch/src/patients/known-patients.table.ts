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
  treatment_consent boolean     NOT NULL DEFAULT false
);`;

export interface PatientFacts {
  known: boolean;
  treatmentConsent: boolean;
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

export async function patientFacts(db: Queryable, patientId: string): Promise<PatientFacts> {
  const { rows } = await db.query<{ treatment_consent: boolean }>('SELECT treatment_consent FROM known_patients WHERE patient_id = $1', [patientId]);
  return { known: rows.length > 0, treatmentConsent: rows[0]?.treatment_consent ?? false };
}
