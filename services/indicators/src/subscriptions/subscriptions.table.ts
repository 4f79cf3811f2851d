import type { Queryable } from '@hub/event-store';
import type { IndicatorSubscriptionGranted } from '@hub/contracts';

/** Grants as a table for the access checks on every read; the events in the store are the record of them. */
export const SUBSCRIPTIONS_DDL = `
CREATE TABLE IF NOT EXISTS indicator_subscriptions (
  subscription_id text PRIMARY KEY,
  subscriber      text NOT NULL,
  grant_data      jsonb NOT NULL,
  revoked         boolean NOT NULL DEFAULT false
);
CREATE INDEX IF NOT EXISTS indicator_subscriptions_subscriber ON indicator_subscriptions (subscriber);`;

export async function saveSubscription(tx: Queryable, grant: IndicatorSubscriptionGranted): Promise<void> {
  await tx.query('INSERT INTO indicator_subscriptions (subscription_id, subscriber, grant_data) VALUES ($1, $2, $3)', [grant.subscriptionId, grant.subscriber, JSON.stringify(grant)]);
}

export async function revokeSubscription(tx: Queryable, subscriptionId: string): Promise<void> {
  await tx.query('UPDATE indicator_subscriptions SET revoked = true WHERE subscription_id = $1', [subscriptionId]);
}

/** Subscriptions in force (not revoked), of one subscriber or all. */
export async function subscriptionsOf(db: Queryable, subscriber?: string): Promise<IndicatorSubscriptionGranted[]> {
  const { rows } = await db.query<{ grant_data: IndicatorSubscriptionGranted }>(
    `SELECT grant_data FROM indicator_subscriptions WHERE NOT revoked ${subscriber === undefined ? '' : 'AND subscriber = $1'} ORDER BY subscription_id`,
    subscriber === undefined ? [] : [subscriber],
  );
  return rows.map((r) => r.grant_data);
}

export async function subscriptionById(db: Queryable, id: string): Promise<IndicatorSubscriptionGranted | undefined> {
  const { rows } = await db.query<{ grant_data: IndicatorSubscriptionGranted }>('SELECT grant_data FROM indicator_subscriptions WHERE subscription_id = $1 AND NOT revoked', [id]);
  return rows[0]?.grant_data;
}

/** Which of these strata the indicators have seen (as a published cell): grants for unknown ones are refused. */
export async function knownStrata(db: Queryable, strata: string[]): Promise<Set<string>> {
  const { rows } = await db.query<{ stratum: string }>('SELECT DISTINCT stratum FROM measure_report_cells WHERE stratum = ANY($1)', [strata]);
  return new Set(rows.map((r) => r.stratum));
}

/** The sector and region cells a unit's cells name (for grants by region or sector). */
export async function parentsOf(db: Queryable, stratum: string): Promise<string[]> {
  const { rows } = await db.query<{ parent: string }>('SELECT DISTINCT unnest(parents) AS parent FROM measure_report_cells WHERE stratum = $1', [stratum]);
  return rows.map((r) => r.parent);
}

/** One page of the record feed after a position, for the units a grant covers (named, or in a granted region or sector). */
export async function feedPage(db: Queryable, grant: IndicatorSubscriptionGranted, after: bigint, limit: number) {
  const parents = [...grant.strata.regions.map((r) => `region:${r}`), ...grant.strata.sectors.map((s) => `sector:${s}`)];
  const { rows } = await db.query<{ position: string; type: string; schema_version: number; data: unknown }>(
    `SELECT position, type, schema_version, data FROM quality_record_feed
      WHERE position > $1 AND (unit_sor = ANY($2) OR unit_sor IN (SELECT substr(stratum, 6) FROM measure_report_cells WHERE stratum LIKE 'unit:%' AND parents && $3::text[]))
      ORDER BY position LIMIT $4`,
    [after.toString(), grant.strata.units, parents, limit],
  );
  return rows.map((r) => ({ position: r.position, type: r.type, schemaVersion: r.schema_version, data: r.data }));
}
