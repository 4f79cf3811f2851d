import { TOPICS } from '@hub/contracts';
import type { Queryable } from '@hub/event-store';
import { foldDispatchFacts, indicatorCells, INDICATOR_DEFINITIONS, isQualityRecord, nextDispatchFact, QUALITY_RECORD_TYPES, type Cell, type DispatchFact } from '@hub/indicator-projections';
import type { Projection, ProjectedEvent } from '../projection';
import { allIndicatorFacts, INDICATOR_FACTS_TABLE, indicatorFactsDdl, loadIndicatorFactForUpdate, saveIndicatorFact } from './indicator.table';

/** The fact a record changed, before and after: the indicators service recomputes the affected cells from it. */
export interface DispatchFactChange {
  before: DispatchFact | undefined;
  after: DispatchFact;
}

/** Applies one quality record to a facts table inside the caller's transaction (live, rebuild or scratch). */
export async function applyIndicatorEvent(tx: Queryable, table: string, event: Pick<ProjectedEvent, 'type' | 'data'>): Promise<DispatchFactChange | undefined> {
  if (!isQualityRecord(event)) return undefined;
  const before = await loadIndicatorFactForUpdate(tx, table, event.data.dispatchRef);
  const after = nextDispatchFact(before, event);
  await saveIndicatorFact(tx, table, after);
  return { before, after };
}

/**
 * The indicator cells (every shipped definition version × unit/sector/region × month, numerator and
 * denominator) as a rebuildable projection. The table holds per-dispatch facts, which depend on the records
 * of one Kafka key only (so replay order across partitions does not matter); its rows, and so its digest, are
 * the cells computed from all facts, so two tables agree exactly when every cell does.
 */
export const indicatorProjection: Projection<Cell> = {
  name: 'indicators',
  table: INDICATOR_FACTS_TABLE,
  eventTypes: QUALITY_RECORD_TYPES,
  topics: [TOPICS.qualityRecords],
  consumer: 'indicators-quality',
  ddl: indicatorFactsDdl,
  apply: applyIndicatorEvent,
  rows: async (db, table) => indicatorCells(INDICATOR_DEFINITIONS, await allIndicatorFacts(db, table)),
  memory() {
    const facts = new Map<string, DispatchFact>();
    return {
      apply: (event) => void (isQualityRecord(event) && foldDispatchFacts(facts, [event])),
      rows: () => indicatorCells(INDICATOR_DEFINITIONS, [...facts.values()]),
    };
  },
  report: (rows, { unit }) => rows.filter((c) => unit === undefined || c.stratum === `unit:${unit}`),
};
