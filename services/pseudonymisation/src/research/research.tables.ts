import type { Queryable } from '@hub/event-store';

/**
 * The research door's own state, all treatment-side (internal patient ids, never published):
 * - research_projects: projects this service learnt of, with their topic, read schema and reader role;
 * - research_consents: per project, the patients whose research consent is active now (withdrawal deletes);
 * - research_releases: which responses were released to which project (scores follow them, retractions find them);
 * - research_consent_anomalies: consent events naming no project or one not (yet) registered, counted once each.
 */
export const RESEARCH_DDL = `
CREATE TABLE IF NOT EXISTS research_projects (
  project_id    text        PRIMARY KEY,
  topic         text        NOT NULL,
  read_schema   text        NOT NULL,
  reader_role   text,
  registered_at timestamptz NOT NULL
);
CREATE TABLE IF NOT EXISTS research_consents (
  project_id text        NOT NULL,
  patient_id text        NOT NULL,
  granted_at timestamptz NOT NULL,
  PRIMARY KEY (project_id, patient_id)
);
CREATE INDEX IF NOT EXISTS research_consents_patient ON research_consents (patient_id);
CREATE TABLE IF NOT EXISTS research_releases (
  project_id  text NOT NULL,
  response_id text NOT NULL,
  patient_id  text NOT NULL,
  PRIMARY KEY (project_id, response_id)
);
CREATE INDEX IF NOT EXISTS research_releases_response ON research_releases (response_id);
CREATE INDEX IF NOT EXISTS research_releases_patient ON research_releases (patient_id, project_id);
CREATE TABLE IF NOT EXISTS research_consent_anomalies (
  event_id   text        PRIMARY KEY,
  event_type text        NOT NULL,
  project_id text,
  problem    text        NOT NULL,
  seen_at    timestamptz NOT NULL DEFAULT now()
);`;

export interface ResearchProject {
  projectId: string;
  topic: string;
  readSchema: string;
  readerRole: string | null;
}

export async function findProject(db: Queryable, projectId: string): Promise<ResearchProject | undefined> {
  const { rows } = await db.query<{ project_id: string; topic: string; read_schema: string; reader_role: string | null }>('SELECT * FROM research_projects WHERE project_id = $1', [projectId]);
  return rows[0] && { projectId: rows[0].project_id, topic: rows[0].topic, readSchema: rows[0].read_schema, readerRole: rows[0].reader_role };
}

export async function insertProject(db: Queryable, project: ResearchProject, registeredAt: string): Promise<void> {
  await db.query('INSERT INTO research_projects (project_id, topic, read_schema, reader_role, registered_at) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (project_id) DO UPDATE SET reader_role = COALESCE(research_projects.reader_role, EXCLUDED.reader_role)', [
    project.projectId, project.topic, project.readSchema, project.readerRole, registeredAt,
  ]);
}

/** A grant while the consent is already active keeps the earlier start: answers since then stay covered. */
export async function recordConsent(db: Queryable, projectId: string, patientId: string, grantedAt: string): Promise<void> {
  await db.query('INSERT INTO research_consents (project_id, patient_id, granted_at) VALUES ($1, $2, $3) ON CONFLICT (project_id, patient_id) DO NOTHING', [projectId, patientId, grantedAt]);
}

/** Ends the consent; true when it was active. */
export async function endConsent(db: Queryable, projectId: string, patientId: string): Promise<boolean> {
  const { rowCount } = await db.query('DELETE FROM research_consents WHERE project_id = $1 AND patient_id = $2', [projectId, patientId]);
  return (rowCount ?? 0) > 0;
}

/** Registered projects the patient's consent was active for at `at` (and still is). */
export async function projectsConsentedAt(db: Queryable, patientId: string, at: string): Promise<ResearchProject[]> {
  const { rows } = await db.query<{ project_id: string; topic: string; read_schema: string; reader_role: string | null }>(
    'SELECT p.* FROM research_consents c JOIN research_projects p USING (project_id) WHERE c.patient_id = $1 AND c.granted_at <= $2 ORDER BY p.project_id',
    [patientId, at],
  );
  return rows.map((r) => ({ projectId: r.project_id, topic: r.topic, readSchema: r.read_schema, readerRole: r.reader_role }));
}

export async function recordRelease(db: Queryable, projectId: string, responseId: string, patientId: string): Promise<void> {
  await db.query('INSERT INTO research_releases (project_id, response_id, patient_id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING', [projectId, responseId, patientId]);
}

/** Projects a response was released to (a withdrawal or erasure drops these rows, so they are current). */
export async function projectsHolding(db: Queryable, responseId: string): Promise<{ projectId: string; patientId: string; readSchema: string }[]> {
  const { rows } = await db.query<{ project_id: string; patient_id: string; read_schema: string }>(
    'SELECT r.project_id, r.patient_id, p.read_schema FROM research_releases r JOIN research_projects p USING (project_id) WHERE r.response_id = $1 ORDER BY r.project_id',
    [responseId],
  );
  return rows.map((r) => ({ projectId: r.project_id, patientId: r.patient_id, readSchema: r.read_schema }));
}

/** Forgets releases: of one response, of the patient in one project, or of the patient everywhere; returns how many. */
export async function dropReleases(db: Queryable, where: { responseId: string } | { patientId: string; projectId?: string }): Promise<number> {
  if ('responseId' in where) return (await db.query('DELETE FROM research_releases WHERE response_id = $1', [where.responseId])).rowCount ?? 0;
  const { rowCount } = where.projectId
    ? await db.query('DELETE FROM research_releases WHERE patient_id = $1 AND project_id = $2', [where.patientId, where.projectId])
    : await db.query('DELETE FROM research_releases WHERE patient_id = $1', [where.patientId]);
  return rowCount ?? 0;
}

export async function dropConsents(db: Queryable, patientId: string): Promise<void> {
  await db.query('DELETE FROM research_consents WHERE patient_id = $1', [patientId]);
}

/** Projects the patient was ever entered into (has a pseudonym in), registered ones only. */
export async function projectsKnowing(db: Queryable, patientId: string): Promise<ResearchProject[]> {
  const { rows } = await db.query<{ project_id: string; topic: string; read_schema: string; reader_role: string | null }>(
    "SELECT p.* FROM pseudonym_registry r JOIN research_projects p ON r.domain = 'research:' || p.project_id WHERE r.patient_id = $1 ORDER BY p.project_id",
    [patientId],
  );
  return rows.map((r) => ({ projectId: r.project_id, topic: r.topic, readSchema: r.read_schema, readerRole: r.reader_role }));
}

export async function recordConsentAnomaly(db: Queryable, eventId: string, eventType: string, projectId: string | undefined, problem: string): Promise<void> {
  await db.query('INSERT INTO research_consent_anomalies (event_id, event_type, project_id, problem) VALUES ($1, $2, $3, $4) ON CONFLICT (event_id) DO NOTHING', [eventId, eventType, projectId ?? null, problem]);
}

export async function consentAnomalyCounts(db: Queryable): Promise<{ problem: string; n: number }[]> {
  const { rows } = await db.query<{ problem: string; n: number }>('SELECT problem, count(*)::int AS n FROM research_consent_anomalies GROUP BY problem ORDER BY problem');
  return rows;
}
