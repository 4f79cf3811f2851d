import type { PoolClient } from 'pg';
import type { Queryable } from '@hub/event-store';
import type { RateCounts, ResponseRateFact } from './response-rate';

/** One row per dispatch reference: the indicator's read model, kept from the quality topic only. */
export const RESPONSE_RATE_FACTS_DDL = `
CREATE TABLE IF NOT EXISTS response_rate_facts (
  dispatch_ref text    PRIMARY KEY,
  unit_sor     text    NOT NULL,
  month        text    NOT NULL,
  dispatched   boolean NOT NULL DEFAULT false,
  answered     boolean NOT NULL DEFAULT false
);
CREATE INDEX IF NOT EXISTS response_rate_facts_unit ON response_rate_facts (unit_sor);`;

interface FactRow {
  dispatch_ref: string;
  unit_sor: string;
  month: string;
  dispatched: boolean;
  answered: boolean;
}

/** The fact row, locked for the rest of the transaction so the before/after comparison holds. */
export async function loadFactForUpdate(tx: PoolClient, dispatchRef: string): Promise<ResponseRateFact | undefined> {
  const { rows } = await tx.query<FactRow>('SELECT * FROM response_rate_facts WHERE dispatch_ref = $1 FOR UPDATE', [dispatchRef]);
  const row = rows[0];
  return row && { dispatchRef: row.dispatch_ref, unitSor: row.unit_sor, month: row.month, dispatched: row.dispatched, answered: row.answered };
}

/**
 * Writes the fact. The flags only ever turn on (OR with what is stored), so a writer that raced in between
 * our read and this write can never have its flag undone.
 */
export async function saveFact(tx: PoolClient, fact: ResponseRateFact): Promise<void> {
  await tx.query(
    `INSERT INTO response_rate_facts (dispatch_ref, unit_sor, month, dispatched, answered) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (dispatch_ref) DO UPDATE SET
       unit_sor = EXCLUDED.unit_sor, month = EXCLUDED.month,
       dispatched = response_rate_facts.dispatched OR EXCLUDED.dispatched,
       answered = response_rate_facts.answered OR EXCLUDED.answered`,
    [fact.dispatchRef, fact.unitSor, fact.month, fact.dispatched, fact.answered],
  );
}

const COUNTS = `SELECT unit_sor,
    count(*) FILTER (WHERE dispatched AND answered)::int AS numerator,
    count(*) FILTER (WHERE dispatched)::int AS denominator
  FROM response_rate_facts`;

/** Counts per unit, optionally for one unit; a unit appears once any record for it has arrived. */
export async function countsByUnit(db: Queryable, unitSor?: string): Promise<Map<string, RateCounts>> {
  const { rows } = await db.query<{ unit_sor: string } & RateCounts>(
    unitSor === undefined ? `${COUNTS} GROUP BY unit_sor ORDER BY unit_sor` : `${COUNTS} WHERE unit_sor = $1 GROUP BY unit_sor`,
    unitSor === undefined ? [] : [unitSor],
  );
  return new Map(rows.map((r) => [r.unit_sor, { numerator: r.numerator, denominator: r.denominator }]));
}
