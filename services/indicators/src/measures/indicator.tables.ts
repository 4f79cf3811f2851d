import type { PoolClient } from 'pg';
import type { Queryable } from '@hub/event-store';
import type { Contribution, PublishedCell } from '@hub/indicator-projections';

/**
 * The indicators service's own tables beside the rebuildable facts (libs/projections' indicator projection):
 * contributions per dispatch or pathway (derived from the facts; cells are their sums), the published state of
 * each cell with its MeasureReport, and the record feed for mandated subscribers. All are written in the
 * consumer's transaction, so they move with the facts and the stored offset, once.
 */
export const INDICATOR_TABLES_DDL = `
CREATE TABLE IF NOT EXISTS indicator_contributions (
  source      text    NOT NULL,
  measure_id  text    NOT NULL,
  version     text    NOT NULL,
  unit_sor    text    NOT NULL,
  sector      text,
  region      text,
  month       text    NOT NULL,
  numerator   float8  NOT NULL,
  denominator integer NOT NULL
);
CREATE INDEX IF NOT EXISTS indicator_contributions_source ON indicator_contributions (source);
CREATE INDEX IF NOT EXISTS indicator_contributions_cell ON indicator_contributions (measure_id, version, month);
CREATE TABLE IF NOT EXISTS measure_report_cells (
  cell_key       text PRIMARY KEY,
  measure_id     text NOT NULL,
  version        text NOT NULL,
  stratum        text NOT NULL,
  month          text NOT NULL,
  parents        text[] NOT NULL DEFAULT '{}',
  report_id      text NOT NULL UNIQUE,
  report_version integer NOT NULL,
  published      jsonb NOT NULL,
  report         jsonb NOT NULL
);
CREATE INDEX IF NOT EXISTS measure_report_cells_month ON measure_report_cells (measure_id, version, month);
CREATE INDEX IF NOT EXISTS measure_report_cells_stratum ON measure_report_cells (stratum);
CREATE TABLE IF NOT EXISTS quality_record_feed (
  position       bigint PRIMARY KEY,
  dispatch_ref   text   NOT NULL,
  unit_sor       text,
  type           text   NOT NULL,
  schema_version integer NOT NULL,
  data           jsonb  NOT NULL
);
CREATE INDEX IF NOT EXISTS quality_record_feed_dispatch ON quality_record_feed (dispatch_ref);
CREATE TABLE IF NOT EXISTS quality_record_feed_head (id boolean PRIMARY KEY DEFAULT true, last bigint NOT NULL);
INSERT INTO quality_record_feed_head (id, last) VALUES (true, 0) ON CONFLICT DO NOTHING;`;

interface ContributionRow {
  measure_id: string;
  version: string;
  unit_sor: string;
  sector: Contribution['unit']['sector'];
  region: string | null;
  month: string;
  numerator: number;
  denominator: number;
}

const toContribution = (r: ContributionRow): Contribution => ({
  measureId: r.measure_id,
  version: r.version,
  unit: { sor: r.unit_sor, sector: r.sector, region: r.region },
  month: r.month,
  numerator: r.numerator,
  denominator: r.denominator,
});

/** Replaces what one source (`dispatch:<ref>` or `pathway:<ref>`) contributes; returns what it contributed before. */
export async function replaceContributions(tx: Queryable, source: string, next: Contribution[]): Promise<Contribution[]> {
  const { rows } = await tx.query<ContributionRow>('DELETE FROM indicator_contributions WHERE source = $1 RETURNING *', [source]);
  for (const c of next) {
    await tx.query(
      'INSERT INTO indicator_contributions (source, measure_id, version, unit_sor, sector, region, month, numerator, denominator) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)',
      [source, c.measureId, c.version, c.unit.sor, c.unit.sector, c.unit.region, c.month, c.numerator, c.denominator],
    );
  }
  return rows.map(toContribution);
}

export async function contributionsOfMonth(db: Queryable, measureId: string, version: string, month: string): Promise<Contribution[]> {
  const { rows } = await db.query<ContributionRow>('SELECT * FROM indicator_contributions WHERE measure_id = $1 AND version = $2 AND month = $3', [measureId, version, month]);
  return rows.map(toContribution);
}

export async function publishedOfMonth(db: Queryable, measureId: string, version: string, month: string): Promise<Array<{ cell: PublishedCell; reportVersion: number }>> {
  const { rows } = await db.query<{ published: PublishedCell; report_version: number }>('SELECT published, report_version FROM measure_report_cells WHERE measure_id = $1 AND version = $2 AND month = $3', [measureId, version, month]);
  return rows.map((r) => ({ cell: r.published, reportVersion: r.report_version }));
}

export async function savePublished(tx: Queryable, key: string, cell: PublishedCell, reportId: string, reportVersion: number, report: object): Promise<void> {
  await tx.query(
    `INSERT INTO measure_report_cells (cell_key, measure_id, version, stratum, month, parents, report_id, report_version, published, report)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
     ON CONFLICT (cell_key) DO UPDATE SET parents = EXCLUDED.parents, report_version = EXCLUDED.report_version, published = EXCLUDED.published, report = EXCLUDED.report`,
    [key, cell.measureId, cell.version, cell.stratum, cell.month, cell.parents ?? [], reportId, reportVersion, JSON.stringify(cell), JSON.stringify(report)],
  );
}

/**
 * Appends a record to the feed. Positions come from a one-row counter updated in the consumer's transaction:
 * its row lock is held to commit, so positions are handed out in commit order and a reader paging with
 * `position > cursor` never skips a record that commits late (a sequence would not promise that).
 */
export async function appendToFeed(tx: PoolClient, record: { dispatchRef: string; unitSor: string | null; type: string; schemaVersion: number; data: unknown }): Promise<void> {
  const { rows } = await tx.query<{ last: string }>('UPDATE quality_record_feed_head SET last = last + 1 RETURNING last');
  await tx.query('INSERT INTO quality_record_feed (position, dispatch_ref, unit_sor, type, schema_version, data) VALUES ($1, $2, $3, $4, $5, $6)', [rows[0].last, record.dispatchRef, record.unitSor, record.type, record.schemaVersion, JSON.stringify(record.data)]);
}

/** An erased patient's records leave the feed (the retraction itself stays, so subscribers delete their copies). */
export async function forgetInFeed(tx: Queryable, dispatchRef: string): Promise<void> {
  await tx.query('DELETE FROM quality_record_feed WHERE dispatch_ref = $1', [dispatchRef]);
}
