import type { Queryable } from '@hub/event-store';
import type { RateCounts, ResponseRateFact } from '@hub/indicator-projections';
import { assertTableName } from '../projection';

/** The response-rate read model: one row per dispatch reference, kept from the quality topic only. */
export const RESPONSE_RATE_TABLE = 'response_rate_facts';

/** DDL for a facts table of this name; its index is named after it so a rebuilt twin can be renamed in. */
export function responseRateDdl(table: string): string {
  assertTableName(table);
  return `
CREATE TABLE IF NOT EXISTS ${table} (
  dispatch_ref text    PRIMARY KEY,
  unit_sor     text    NOT NULL,
  month        text    NOT NULL,
  dispatched   boolean NOT NULL DEFAULT false,
  answered     boolean NOT NULL DEFAULT false
);
CREATE INDEX IF NOT EXISTS ${table}_unit ON ${table} (unit_sor);`;
}

interface FactRow {
  dispatch_ref: string;
  unit_sor: string;
  month: string;
  dispatched: boolean;
  answered: boolean;
}

const toFact = (row: FactRow): ResponseRateFact => ({ dispatchRef: row.dispatch_ref, unitSor: row.unit_sor, month: row.month, dispatched: row.dispatched, answered: row.answered });

/** The fact row, locked for the rest of the transaction so the before/after comparison holds. */
export async function loadFactForUpdate(tx: Queryable, table: string, dispatchRef: string): Promise<ResponseRateFact | undefined> {
  const { rows } = await tx.query<FactRow>(`SELECT * FROM ${assertTableName(table)} WHERE dispatch_ref = $1 FOR UPDATE`, [dispatchRef]);
  return rows[0] && toFact(rows[0]);
}

/**
 * Writes the fact. The flags only ever turn on (OR with what is stored), so a writer that raced in between
 * our read and this write can never have its flag undone.
 */
export async function saveFact(tx: Queryable, table: string, fact: ResponseRateFact): Promise<void> {
  const t = assertTableName(table);
  await tx.query(
    `INSERT INTO ${t} (dispatch_ref, unit_sor, month, dispatched, answered) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (dispatch_ref) DO UPDATE SET
       unit_sor = EXCLUDED.unit_sor, month = EXCLUDED.month,
       dispatched = ${t}.dispatched OR EXCLUDED.dispatched,
       answered = ${t}.answered OR EXCLUDED.answered`,
    [fact.dispatchRef, fact.unitSor, fact.month, fact.dispatched, fact.answered],
  );
}

/** All facts in canonical order (code-unit order of the dispatch reference, as the in-memory fold sorts). */
export async function allFacts(db: Queryable, table: string): Promise<ResponseRateFact[]> {
  const { rows } = await db.query<FactRow>(`SELECT * FROM ${assertTableName(table)} ORDER BY dispatch_ref COLLATE "C"`);
  return rows.map(toFact);
}

/** Counts per unit, optionally for one unit; a unit appears once any record for it has arrived. */
export async function countsByUnit(db: Queryable, table: string, unitSor?: string): Promise<Map<string, RateCounts>> {
  const counts = `SELECT unit_sor,
      count(*) FILTER (WHERE dispatched AND answered)::int AS numerator,
      count(*) FILTER (WHERE dispatched)::int AS denominator
    FROM ${assertTableName(table)}`;
  const { rows } = await db.query<{ unit_sor: string } & RateCounts>(
    unitSor === undefined ? `${counts} GROUP BY unit_sor ORDER BY unit_sor COLLATE "C"` : `${counts} WHERE unit_sor = $1 GROUP BY unit_sor`,
    unitSor === undefined ? [] : [unitSor],
  );
  return new Map(rows.map((r) => [r.unit_sor, { numerator: r.numerator, denominator: r.denominator }]));
}
