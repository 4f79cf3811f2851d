import type { Queryable } from '@hub/event-store';
import type { DispatchFact } from '@hub/indicator-projections';
import { assertTableName } from '../projection';

/** The indicators' read model: one fact per dispatch reference, kept from the quality topic only. */
export const INDICATOR_FACTS_TABLE = 'indicator_facts';

/** DDL for a facts table of this name; its index is named after it so a rebuilt twin can be renamed in. */
export function indicatorFactsDdl(table: string): string {
  assertTableName(table);
  return `
CREATE TABLE IF NOT EXISTS ${table} (
  dispatch_ref text  PRIMARY KEY,
  pathway_ref  text,
  fact         jsonb NOT NULL
);
CREATE INDEX IF NOT EXISTS ${table}_pathway ON ${table} (pathway_ref) WHERE pathway_ref IS NOT NULL;`;
}

/** The fact, locked for the rest of the transaction so the before/after comparison holds. */
export async function loadIndicatorFactForUpdate(tx: Queryable, table: string, dispatchRef: string): Promise<DispatchFact | undefined> {
  const { rows } = await tx.query<{ fact: DispatchFact }>(`SELECT fact FROM ${assertTableName(table)} WHERE dispatch_ref = $1 FOR UPDATE`, [dispatchRef]);
  return rows[0]?.fact;
}

export async function saveIndicatorFact(tx: Queryable, table: string, fact: DispatchFact): Promise<void> {
  await tx.query(
    `INSERT INTO ${assertTableName(table)} (dispatch_ref, pathway_ref, fact) VALUES ($1, $2, $3)
     ON CONFLICT (dispatch_ref) DO UPDATE SET pathway_ref = EXCLUDED.pathway_ref, fact = EXCLUDED.fact`,
    [fact.dispatchRef, fact.dispatch?.pathway?.ref ?? null, JSON.stringify(fact)],
  );
}

/** Every fact of one pathway (its baseline and follow-ups), in dispatch reference order. */
export async function pathwayFacts(db: Queryable, table: string, pathwayRef: string): Promise<DispatchFact[]> {
  const { rows } = await db.query<{ fact: DispatchFact }>(`SELECT fact FROM ${assertTableName(table)} WHERE pathway_ref = $1 ORDER BY dispatch_ref COLLATE "C"`, [pathwayRef]);
  return rows.map((r) => r.fact);
}

/** All facts in canonical order (code-unit order of the dispatch reference). */
export async function allIndicatorFacts(db: Queryable, table: string): Promise<DispatchFact[]> {
  const { rows } = await db.query<{ fact: DispatchFact }>(`SELECT fact FROM ${assertTableName(table)} ORDER BY dispatch_ref COLLATE "C"`);
  return rows.map((r) => r.fact);
}
