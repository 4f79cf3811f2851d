import type { PoolClient } from 'pg';
import type { ProPackagePublished } from '@hub/contracts';
import type { Queryable } from '@hub/event-store';
import type { ProPackage } from '@hub/pro-packages';

/**
 * The bank's package read table, written in the same transaction as ProPackagePublished. Dispatch reads a
 * package's default schedule from here when an order names the package.
 */
export const PRO_PACKAGES_DDL = `
CREATE TABLE IF NOT EXISTS pro_packages (
  id                    text        NOT NULL,
  version               text        NOT NULL,
  questionnaire_url     text        NOT NULL,
  questionnaire_version text        NOT NULL,
  package               jsonb       NOT NULL,
  published_at          timestamptz NOT NULL,
  PRIMARY KEY (id, version)
);`;

export async function storeProPackage(tx: PoolClient, e: ProPackagePublished): Promise<void> {
  await tx.query(
    'INSERT INTO pro_packages (id, version, questionnaire_url, questionnaire_version, package, published_at) VALUES ($1, $2, $3, $4, $5, $6)',
    [e.packageId, e.version, e.questionnaire.url, e.questionnaire.version, JSON.stringify(e.package), e.publishedAt],
  );
}

export interface ProPackageSearch {
  id?: string;
  version?: string;
  /** Packages for this questionnaire version (canonical url|version). */
  questionnaire?: { url: string; version: string };
}

/** Matching package versions, oldest first within an id. */
export async function searchProPackages(db: Queryable, search: ProPackageSearch): Promise<ProPackage[]> {
  const { rows } = await db.query<{ package: ProPackage }>(
    `SELECT package FROM pro_packages
      WHERE ($1::text IS NULL OR id = $1) AND ($2::text IS NULL OR version = $2)
        AND ($3::text IS NULL OR (questionnaire_url = $3 AND questionnaire_version = $4))
      ORDER BY id, published_at`,
    [search.id ?? null, search.version ?? null, search.questionnaire?.url ?? null, search.questionnaire?.version ?? null],
  );
  return rows.map((r) => r.package);
}
