import type { PoolClient } from 'pg';
import type { QuestionnairePublished, QuestionnaireRetired } from '@hub/contracts';
import type { Queryable } from '@hub/event-store';
import type { QuestionnaireResource } from './questionnaire.events';

/**
 * The bank's read table, written in the same transaction as QuestionnairePublished: FHIR search reads it, and
 * dispatch checks that the version it orders exists without folding streams.
 */
export const QUESTIONNAIRES_DDL = `
CREATE TABLE IF NOT EXISTS questionnaires (
  url      text  NOT NULL,
  version  text  NOT NULL,
  resource jsonb NOT NULL,
  PRIMARY KEY (url, version)
);`;

export async function storeQuestionnaire(tx: PoolClient, e: QuestionnairePublished): Promise<void> {
  // A version is published once per stream, so a conflict here would mean a second writer bypassed the stream.
  await tx.query('INSERT INTO questionnaires (url, version, resource) VALUES ($1, $2, $3)', [e.url, e.version, JSON.stringify(e.questionnaire)]);
}

/**
 * Retiring changes the FHIR status shown by search and read; the published event keeps the version's content
 * exactly as it was, which is what responses are judged against.
 */
export async function markRetired(tx: PoolClient, e: QuestionnaireRetired): Promise<void> {
  await tx.query(`UPDATE questionnaires SET resource = jsonb_set(resource, '{status}', '"retired"') WHERE url = $1 AND version = $2`, [e.url, e.version]);
}

export interface QuestionnaireSearch {
  url?: string;
  version?: string;
  /** FHIR status: active or retired. */
  status?: string;
  id?: string;
}

/** Matching versions, every one: the bank is curated and small, so the searchset is not paged. */
export async function searchQuestionnaires(db: Queryable, search: QuestionnaireSearch): Promise<QuestionnaireResource[]> {
  const { rows } = await db.query<{ resource: QuestionnaireResource }>(
    `SELECT resource FROM questionnaires
      WHERE ($1::text IS NULL OR url = $1) AND ($2::text IS NULL OR version = $2) AND ($3::text IS NULL OR resource->>'id' = $3)
        AND ($4::text IS NULL OR resource->>'status' = $4)
      ORDER BY url, version`,
    [search.url ?? null, search.version ?? null, search.id ?? null, search.status ?? null],
  );
  return rows.map((r) => r.resource);
}

/** Published and not retired: only such a version may be dispatched. */
export async function isPublished(db: Queryable, url: string, version: string): Promise<boolean> {
  const { rowCount } = await db.query("SELECT 1 FROM questionnaires WHERE url = $1 AND version = $2 AND resource->>'status' <> 'retired'", [url, version]);
  return (rowCount ?? 0) > 0;
}
