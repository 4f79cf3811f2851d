import { escapeIdentifier, type PoolClient } from 'pg';
import type { ResearchRecordReleased, ResearchScoresReleased } from '@hub/contracts';
import type { Queryable } from '@hub/event-store';

/**
 * Each project's read model: its released, non-retracted records in a schema of its own, readable by a role
 * of its own that may read nothing else. This is the separation a researcher's database login can show:
 * the treatment-side tables (facts, registry, keys, events) and other projects' schemas are refused to it.
 */

/** `research_<project id with - as _>`: project ids have no '_', so two projects never share a schema. */
export const readSchemaOf = (projectId: string) => `research_${projectId.replace(/-/g, '_')}`;
export const readerRoleOf = (projectId: string) => `${readSchemaOf(projectId)}_reader`;

function recordsTable(schema: string): string {
  return `${escapeIdentifier(schema)}.records`;
}

/** Creates the project's schema and records table (idempotent), inside the caller's transaction. */
export async function ensureReadSchema(tx: Queryable, schema: string): Promise<void> {
  await tx.query(`CREATE SCHEMA IF NOT EXISTS ${escapeIdentifier(schema)}`);
  await tx.query(`CREATE TABLE IF NOT EXISTS ${recordsTable(schema)} (
    record_ref            text    PRIMARY KEY,
    pseudonym             text    NOT NULL,
    response_version      integer NOT NULL,
    questionnaire_url     text    NOT NULL,
    questionnaire_version text    NOT NULL,
    age_band              text,
    sector                text,
    region                text,
    answered_on           date    NOT NULL,
    answers               jsonb   NOT NULL,
    scores                jsonb
  )`);
  await tx.query(`CREATE INDEX IF NOT EXISTS records_pseudonym ON ${recordsTable(schema)} (pseudonym)`);
}

/** Whether this service's database user may create roles (it may not when provisioned NOCREATEROLE). */
export async function canCreateRoles(db: Queryable): Promise<boolean> {
  const { rows } = await db.query<{ can: boolean }>('SELECT rolsuper OR rolcreaterole AS can FROM pg_roles WHERE rolname = current_user');
  return rows[0]?.can === true;
}

/**
 * The project's reader role (NOLOGIN: an operator gives it a login or grants it to researchers' logins),
 * allowed to connect and to read the project's records table, nothing more. Roles are cluster-wide, so one
 * made concurrently elsewhere is taken as is; the savepoint keeps that race from aborting the transaction.
 */
export async function ensureReaderRole(tx: PoolClient, schema: string, role: string): Promise<void> {
  const id = escapeIdentifier(role);
  await tx.query('SAVEPOINT reader_role');
  try {
    const { rowCount } = await tx.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [role]);
    if (!rowCount) await tx.query(`CREATE ROLE ${id} NOLOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE`);
    await tx.query('RELEASE SAVEPOINT reader_role');
  } catch (err) {
    await tx.query('ROLLBACK TO SAVEPOINT reader_role');
    if ((err as { code?: string }).code !== '42710') throw err; // duplicate_object: made concurrently, fine
  }
  const { rows } = await tx.query<{ db: string }>('SELECT current_database() AS db');
  await tx.query(`GRANT CONNECT ON DATABASE ${escapeIdentifier(rows[0].db)} TO ${id}`);
  await tx.query(`GRANT USAGE ON SCHEMA ${escapeIdentifier(schema)} TO ${id}`);
  await tx.query(`GRANT SELECT ON ${recordsTable(schema)} TO ${id}`);
}

export async function upsertRecord(db: Queryable, schema: string, r: ResearchRecordReleased): Promise<void> {
  await db.query(
    `INSERT INTO ${recordsTable(schema)} (record_ref, pseudonym, response_version, questionnaire_url, questionnaire_version, age_band, sector, region, answered_on, answers)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
     ON CONFLICT (record_ref) DO UPDATE SET response_version = EXCLUDED.response_version, questionnaire_url = EXCLUDED.questionnaire_url,
       questionnaire_version = EXCLUDED.questionnaire_version, age_band = EXCLUDED.age_band, sector = EXCLUDED.sector, region = EXCLUDED.region,
       answered_on = EXCLUDED.answered_on, answers = EXCLUDED.answers, scores = NULL
     WHERE ${recordsTable(schema)}.response_version <= EXCLUDED.response_version`,
    [r.recordRef, r.pseudonym, r.responseVersion, r.questionnaire.url, r.questionnaire.version, r.ageBand ?? null, r.unit.sector, r.unit.region, r.answeredOn, JSON.stringify(r.answers)],
  );
}

/** Scores belong to the version they were computed for; scores of an older version do not overwrite. */
export async function setScores(db: Queryable, schema: string, s: ResearchScoresReleased): Promise<void> {
  await db.query(`UPDATE ${recordsTable(schema)} SET scores = $3 WHERE record_ref = $1 AND response_version = $2`, [s.recordRef, s.responseVersion, JSON.stringify(s.scores)]);
}

/** Removes retracted records: one (`recordRef`) or all of the pseudonym's. */
export async function deleteRecords(db: Queryable, schema: string, pseudonym: string, recordRef?: string): Promise<void> {
  if (recordRef) await db.query(`DELETE FROM ${recordsTable(schema)} WHERE record_ref = $1`, [recordRef]);
  else await db.query(`DELETE FROM ${recordsTable(schema)} WHERE pseudonym = $1`, [pseudonym]);
}
