import type { PoolClient } from 'pg';
import type { AccessBasis, AccessDecided } from '@hub/contracts';
import type { Queryable } from '@hub/event-store';

/** The access log ("min log"): one row per decision about one patient, from the access-log topic. */
export const ACCESS_LOG_DDL = `
CREATE TABLE IF NOT EXISTS access_log (
  access_id     uuid        PRIMARY KEY,
  patient_id    uuid        NOT NULL,
  actor_subject text        NOT NULL,
  actor_role    text        NOT NULL,
  actor_org     text        NOT NULL,
  purpose       text        NOT NULL,
  resource_kind text        NOT NULL,
  resource_ids  text[]      NOT NULL,
  effect        text        NOT NULL,
  reason        text        NOT NULL,
  basis_kind    text,
  basis_id      uuid,
  obligations   text[]      NOT NULL,
  overridden    boolean     NOT NULL,
  internal_only boolean     NOT NULL,
  decided_at    timestamptz NOT NULL
);
CREATE INDEX IF NOT EXISTS access_log_patient ON access_log (patient_id, decided_at);
CREATE INDEX IF NOT EXISTS access_log_actor ON access_log (actor_subject, decided_at);
-- AccessDecided v2 added the basis; tables made before it get the columns (NULL: v1 named none).
ALTER TABLE access_log ADD COLUMN IF NOT EXISTS basis_kind text, ADD COLUMN IF NOT EXISTS basis_id uuid;`;

export async function recordAccess(tx: PoolClient, e: AccessDecided): Promise<void> {
  await tx.query(
    `INSERT INTO access_log (access_id, patient_id, actor_subject, actor_role, actor_org, purpose, resource_kind, resource_ids, effect, reason, basis_kind, basis_id, obligations, overridden, internal_only, decided_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16) ON CONFLICT (access_id) DO NOTHING`,
    [e.accessId, e.patientId, e.actor.subject, e.actor.role, e.actor.orgSor, e.purpose, e.resource.kind, e.resource.ids ?? [], e.effect, e.reason, e.basis?.kind ?? null, e.basis?.id ?? null, e.obligations, e.overridden, e.internalOnly, e.decidedAt],
  );
}

/** One log entry as shown: who, which unit (with its register name), which patient, what, why, when. */
export interface AccessLogEntry {
  accessId: string;
  patientId: string;
  actor: { subject: string; role: string; orgSor: string; orgName: string | null };
  purpose: string;
  resource: { kind: string; ids: string[] };
  effect: 'permit' | 'deny';
  reason: string;
  /** The record the decision rests on, when it names one (a re-identification request for kind 'identity'). */
  basis?: AccessBasis;
  overridden: boolean;
  internalOnly: boolean;
  decidedAt: string;
}

interface Row {
  access_id: string;
  patient_id: string;
  actor_subject: string;
  actor_role: string;
  actor_org: string;
  org_name: string | null;
  purpose: string;
  resource_kind: string;
  resource_ids: string[];
  effect: 'permit' | 'deny';
  reason: string;
  basis_kind: AccessBasis['kind'] | null;
  basis_id: string | null;
  overridden: boolean;
  internal_only: boolean;
  decided_at: Date;
}

const toEntry = (r: Row): AccessLogEntry => ({
  accessId: r.access_id,
  patientId: r.patient_id,
  actor: { subject: r.actor_subject, role: r.actor_role, orgSor: r.actor_org, orgName: r.org_name },
  purpose: r.purpose,
  resource: { kind: r.resource_kind, ids: r.resource_ids },
  effect: r.effect,
  reason: r.reason,
  ...(r.basis_kind && r.basis_id ? { basis: { kind: r.basis_kind, id: r.basis_id } } : {}),
  overridden: r.overridden,
  internalOnly: r.internal_only,
  decidedAt: r.decided_at.toISOString(),
});

export interface AccessLogQuery {
  patientId?: string;
  actorSubject?: string;
  /** The patient's own view leaves internal-only entries out. */
  includeInternal: boolean;
}

export async function queryAccessLog(db: Queryable, q: AccessLogQuery): Promise<AccessLogEntry[]> {
  const { rows } = await db.query<Row>(
    `SELECT l.*, o.name AS org_name FROM access_log l LEFT JOIN organisations o ON o.sor = l.actor_org
     WHERE ($1::uuid IS NULL OR l.patient_id = $1) AND ($2::text IS NULL OR l.actor_subject = $2) AND ($3 OR NOT l.internal_only)
     ORDER BY l.decided_at, l.access_id LIMIT 1000`,
    [q.patientId ?? null, q.actorSubject ?? null, q.includeInternal],
  );
  return rows.map(toEntry);
}
