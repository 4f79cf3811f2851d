import type { Sector } from '@hub/contracts';
import type { Queryable } from '@hub/event-store';

/**
 * What the door needs to know to minimise: the unit's sector and region (from OrganisationRegistered) and the
 * patient's birth date (from PatientRegistered), so records carry a region and an age band, never the date.
 * Both stay in this service's treatment-side tables and never leave it.
 */
export const PATIENT_FACTS_DDL = `
CREATE TABLE IF NOT EXISTS fact_organisations (
  sor    text PRIMARY KEY,
  sector text NOT NULL,
  region text NOT NULL
);
CREATE TABLE IF NOT EXISTS fact_patients (
  patient_id uuid PRIMARY KEY,
  birth_date date
);`;

export interface UnitFacts {
  sector: Sector;
  region: string;
}

export async function recordOrganisation(db: Queryable, sor: string, facts: UnitFacts): Promise<void> {
  await db.query('INSERT INTO fact_organisations (sor, sector, region) VALUES ($1, $2, $3) ON CONFLICT (sor) DO UPDATE SET sector = $2, region = $3', [sor, facts.sector, facts.region]);
}

export async function recordBirthDate(db: Queryable, patientId: string, birthDate: string | null): Promise<void> {
  await db.query('INSERT INTO fact_patients (patient_id, birth_date) VALUES ($1, $2) ON CONFLICT (patient_id) DO UPDATE SET birth_date = $2', [patientId, birthDate]);
}

/** Erasure: what this service knew about the patient is dropped with the patient's keys. */
export async function forgetPatient(db: Queryable, patientId: string): Promise<void> {
  await db.query('DELETE FROM fact_patients WHERE patient_id = $1', [patientId]);
}

export async function unitFactsOf(db: Queryable, sor: string): Promise<UnitFacts | undefined> {
  const { rows } = await db.query<UnitFacts>('SELECT sector, region FROM fact_organisations WHERE sor = $1', [sor]);
  return rows[0];
}

/** The birth date as YYYY-MM-DD, or undefined when it is not known. */
export async function birthDateOf(db: Queryable, patientId: string): Promise<string | undefined> {
  const { rows } = await db.query<{ birth_date: string | null }>("SELECT to_char(birth_date, 'YYYY-MM-DD') AS birth_date FROM fact_patients WHERE patient_id = $1", [patientId]);
  return rows[0]?.birth_date ?? undefined;
}
