import type { PoolClient } from 'pg';
import type { DispatchExpired, ProPackagePublished, QuestionnaireDispatched, QuestionnairePublished, QuestionnaireRetired } from '@hub/contracts';
import type { ProPackage } from '@hub/pro-packages';
import type { Queryable } from '@hub/event-store';

/**
 * What intake knows from other services, learned only from Kafka: questionnaire versions from the bank and
 * dispatches from the dispatch service, and the PRO packages that score each version. All are local read tables,
 * written by the consumer's transaction.
 */
export const REFERENCE_TABLES_DDL = `
CREATE TABLE IF NOT EXISTS questionnaires (
  url      text  NOT NULL,
  version  text  NOT NULL,
  resource jsonb NOT NULL,
  PRIMARY KEY (url, version)
);
CREATE TABLE IF NOT EXISTS dispatches (
  dispatch_id           uuid PRIMARY KEY,
  patient_id            uuid        NOT NULL,
  unit_sor              text        NOT NULL,
  questionnaire_url     text        NOT NULL,
  questionnaire_version text        NOT NULL,
  dispatched_at         timestamptz NOT NULL,
  expires_at            timestamptz NOT NULL
);
-- Set when dispatch declares the dispatch expired; its clock, not intake's, decides when a dispatch expired.
ALTER TABLE dispatches ADD COLUMN IF NOT EXISTS expired_at timestamptz;
ALTER TABLE questionnaires ADD COLUMN IF NOT EXISTS retired boolean NOT NULL DEFAULT false;
CREATE TABLE IF NOT EXISTS pro_packages (
  id                    text        NOT NULL,
  version               text        NOT NULL,
  questionnaire_url     text        NOT NULL,
  questionnaire_version text        NOT NULL,
  package               jsonb       NOT NULL,
  published_at          timestamptz NOT NULL,
  PRIMARY KEY (id, version)
);`;

/** A dispatch as intake needs it to judge a response. */
export interface DispatchFacts {
  dispatchId: string;
  patientId: string;
  unitSor: string;
  questionnaire: { url: string; version: string };
  expiresAt: string;
  /** When dispatch declared it expired (DispatchExpired), if it has. */
  expiredAt?: string;
}

export async function rememberQuestionnaire(tx: PoolClient, e: QuestionnairePublished): Promise<void> {
  // Published versions are immutable, so a redelivery carries the same resource: keep the first. A row left by
  // an early retirement has an empty resource, which the publication fills in.
  await tx.query(
    `INSERT INTO questionnaires (url, version, resource) VALUES ($1, $2, $3)
     ON CONFLICT (url, version) DO UPDATE SET resource = EXCLUDED.resource WHERE questionnaires.resource = '{}'::jsonb`,
    [e.url, e.version, JSON.stringify(e.questionnaire)],
  );
}

export async function rememberRetirement(tx: PoolClient, e: QuestionnaireRetired): Promise<void> {
  // A retirement that overtakes its publication (another partition key) still counts once the version arrives.
  await tx.query(
    `INSERT INTO questionnaires (url, version, resource, retired) VALUES ($1, $2, '{}'::jsonb, true)
     ON CONFLICT (url, version) DO UPDATE SET retired = true`,
    [e.url, e.version],
  );
}

export async function rememberPackage(tx: PoolClient, e: ProPackagePublished): Promise<void> {
  await tx.query(
    `INSERT INTO pro_packages (id, version, questionnaire_url, questionnaire_version, package, published_at)
     VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING`,
    [e.packageId, e.version, e.questionnaire.url, e.questionnaire.version, JSON.stringify(e.package), e.publishedAt],
  );
}

export async function rememberDispatch(tx: PoolClient, e: QuestionnaireDispatched): Promise<void> {
  await tx.query(
    `INSERT INTO dispatches (dispatch_id, patient_id, unit_sor, questionnaire_url, questionnaire_version, dispatched_at, expires_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING`,
    [e.dispatchId, e.patientId, e.unitSor, e.questionnaire.url, e.questionnaire.version, e.dispatchedAt, e.expiresAt],
  );
}

/** Same stream key as the dispatch, so it always arrives after it; a redelivery changes nothing. */
export async function rememberExpiry(tx: PoolClient, e: DispatchExpired): Promise<void> {
  await tx.query('UPDATE dispatches SET expired_at = $2 WHERE dispatch_id = $1 AND expired_at IS NULL', [e.dispatchId, e.expiredAt]);
}

/** A questionnaire version as intake knows it; `resource` is undefined while only its retirement has arrived. */
export interface QuestionnaireFacts {
  resource: Record<string, unknown> | undefined;
  retired: boolean;
}

export async function findQuestionnaire(db: Queryable, url: string, version: string): Promise<QuestionnaireFacts | undefined> {
  const { rows } = await db.query<{ resource: Record<string, unknown>; retired: boolean }>('SELECT resource, retired FROM questionnaires WHERE url = $1 AND version = $2', [url, version]);
  const row = rows[0];
  if (!row) return undefined;
  return { resource: row.resource.resourceType === 'Questionnaire' ? row.resource : undefined, retired: row.retired };
}

/**
 * The package that scores a questionnaire version: the latest published for it. The result records the
 * package id and version it used, so a later package version never rewrites an earlier score.
 */
export async function findPackageFor(db: Queryable, url: string, version: string): Promise<ProPackage | undefined> {
  const { rows } = await db.query<{ package: ProPackage }>(
    'SELECT package FROM pro_packages WHERE questionnaire_url = $1 AND questionnaire_version = $2 ORDER BY published_at DESC, version DESC LIMIT 1',
    [url, version],
  );
  return rows[0]?.package;
}

export async function findDispatch(db: Queryable, dispatchId: string): Promise<DispatchFacts | undefined> {
  const { rows } = await db.query<{ dispatch_id: string; patient_id: string; unit_sor: string; questionnaire_url: string; questionnaire_version: string; expires_at: Date; expired_at: Date | null }>(
    'SELECT * FROM dispatches WHERE dispatch_id = $1',
    [dispatchId],
  );
  const r = rows[0];
  if (!r) return undefined;
  return {
    dispatchId: r.dispatch_id,
    patientId: r.patient_id,
    unitSor: r.unit_sor,
    questionnaire: { url: r.questionnaire_url, version: r.questionnaire_version },
    expiresAt: r.expires_at.toISOString(),
    ...(r.expired_at ? { expiredAt: r.expired_at.toISOString() } : {}),
  };
}
