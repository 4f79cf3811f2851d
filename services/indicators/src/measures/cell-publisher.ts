import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { PoolClient } from 'pg';
import type { Logger as PinoLogger } from 'pino';
import { contractOf, type MeasureReportPublished } from '@hub/contracts';
import { appendToStream } from '@hub/event-store';
import {
  cellKey,
  cellsOf,
  changedCells,
  dispatchContributions,
  INDICATOR_DEFINITIONS,
  measureKey,
  parseStratum,
  pathwayContributions,
  pathwayOf,
  reportIdOf,
  republish,
  toMeasureReport,
  type Contribution,
  type PublishedCell,
} from '@hub/indicator-projections';
import { traceMetadata } from '@hub/messaging';
import { allIndicatorFacts, indicatorProjection, pathwayFacts, type DispatchFactChange } from '@hub/projections';
import { LOGGER } from '@hub/service-kit';
import { INDICATORS_CONFIG, type IndicatorsConfig } from '../indicators.config';
import { contributionsOfMonth, publishedOfMonth, replaceContributions, savePublished } from './indicator.tables';

const definitionOf = new Map(INDICATOR_DEFINITIONS.map((d) => [measureKey(d), d]));
const monthKey = (c: Pick<Contribution, 'measureId' | 'version' | 'month'>) => `${c.measureId}|${c.version}|${c.month}`;

/**
 * Keeps contributions, cells and published MeasureReports in step with the facts, inside the consumer's
 * transaction. A changed fact replaces its dispatch's and its pathway's contributions; the months those fell in
 * before and after are recomputed whole (suppression looks at all strata of a month), and only cells whose
 * published form changed get a new MeasureReport version.
 */
@Injectable()
export class CellPublisher {
  constructor(
    @Inject(INDICATORS_CONFIG) private readonly config: IndicatorsConfig,
    @Inject(LOGGER) private readonly logger: PinoLogger,
  ) {}

  async onFactChange(tx: PoolClient, change: DispatchFactChange): Promise<number> {
    const months = new Set<string>();
    const note = (cs: Contribution[]) => cs.forEach((c) => months.add(monthKey(c)));
    const own = dispatchContributions(INDICATOR_DEFINITIONS, change.after);
    note(await replaceContributions(tx, `dispatch:${change.after.dispatchRef}`, own));
    note(own);
    for (const ref of new Set([pathwayOf(change.before), pathwayOf(change.after)].filter((r): r is string => r !== undefined))) {
      // Dispatches of one pathway travel under different keys, maybe on other partitions: serialise their pathway.
      await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`indicator-pathway:${ref}`]);
      const pathway = pathwayContributions(INDICATOR_DEFINITIONS, await pathwayFacts(tx, indicatorProjection.table, ref));
      note(await replaceContributions(tx, `pathway:${ref}`, pathway));
      note(pathway);
    }
    let published = 0;
    for (const key of [...months].sort()) published += await this.republishMonth(tx, key);
    return published;
  }

  /** Recomputes everything from the facts (after a rebuild swapped them in): contributions, cells, reports. */
  async republishAll(tx: PoolClient): Promise<number> {
    await tx.query('LOCK TABLE indicator_contributions, measure_report_cells IN EXCLUSIVE MODE');
    const { rows } = await tx.query<{ key: string }>("SELECT DISTINCT measure_id || '|' || version || '|' || month AS key FROM measure_report_cells");
    await tx.query('DELETE FROM indicator_contributions');
    const months = new Set(rows.map((r) => r.key));
    const facts = await allIndicatorFacts(tx, indicatorProjection.table);
    const pathways = new Set<string>();
    for (const fact of facts) {
      const own = dispatchContributions(INDICATOR_DEFINITIONS, fact);
      await replaceContributions(tx, `dispatch:${fact.dispatchRef}`, own);
      own.forEach((c) => months.add(monthKey(c)));
      const ref = pathwayOf(fact);
      if (ref) pathways.add(ref);
    }
    for (const ref of pathways) {
      const pathway = pathwayContributions(INDICATOR_DEFINITIONS, await pathwayFacts(tx, indicatorProjection.table, ref));
      await replaceContributions(tx, `pathway:${ref}`, pathway);
      pathway.forEach((c) => months.add(monthKey(c)));
    }
    let published = 0;
    for (const key of [...months].sort()) published += await this.republishMonth(tx, key);
    return published;
  }

  private async republishMonth(tx: PoolClient, key: string): Promise<number> {
    const [measureId, version, month] = key.split('|');
    const definition = definitionOf.get(`${measureId}|${version}`);
    if (!definition) return 0; // a definition version no longer shipped: its reports stay as last published
    await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`indicator-cells:${key}`]);
    const cells = cellsOf([definition], await contributionsOfMonth(tx, measureId, version, month));
    const previous = await publishedOfMonth(tx, measureId, version, month);
    const versionOf = new Map(previous.map((p) => [cellKey(p.cell), p.reportVersion]));
    const now = republish([definition], cells, previous.map((p) => p.cell), this.config.INDICATOR_MIN_COUNT);
    const changed = changedCells(new Map(previous.map((p) => [cellKey(p.cell), p.cell])), now);
    for (const cell of changed) await this.publish(tx, cell, (versionOf.get(cellKey(cell)) ?? 0) + 1);
    if (changed.length > 0) this.logger.info({ measure: `${measureId}|${version}`, month, reports: changed.length }, 'measure reports published');
    return changed.length;
  }

  private async publish(tx: PoolClient, cell: PublishedCell, reportVersion: number): Promise<void> {
    const definition = definitionOf.get(`${cell.measureId}|${cell.version}`);
    if (!definition) throw new RangeError(`no definition ${cell.measureId}|${cell.version}`);
    const reportId = reportIdOf(cellKey(cell));
    const report = toMeasureReport(definition, cell, reportId, reportVersion, new Date().toISOString());
    await savePublished(tx, cellKey(cell), cell, reportId, reportVersion, report);
    const data: MeasureReportPublished = {
      reportId,
      reportVersion,
      measure: { id: definition.id, version: definition.version, url: definition.url },
      stratum: parseStratum(cell.stratum),
      month: cell.month,
      suppressed: cell.suppressed,
      measureReport: report as MeasureReportPublished['measureReport'],
    };
    const type = 'MeasureReportPublished';
    await appendToStream(tx, `measure-report-${reportId}`, reportVersion - 1, [{ eventId: randomUUID(), type, schemaVersion: contractOf(type).schemaVersion, data, metadata: traceMetadata() }]);
  }
}
