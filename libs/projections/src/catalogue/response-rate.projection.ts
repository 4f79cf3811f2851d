import { TOPICS } from '@hub/contracts';
import type { Queryable } from '@hub/event-store';
import { factRows, foldFacts, isResponseRateRecord, nextFact, RESPONSE_RATE_EVENT_TYPES, unitRates, type ResponseRateFact } from '@hub/indicator-projections';
import type { Projection, ProjectedEvent } from '../projection';
import { allFacts, loadFactForUpdate, RESPONSE_RATE_TABLE, responseRateDdl, saveFact } from './response-rate.table';

/** The fact a record changed, before and after: the indicators service publishes a rate change from it. */
export interface FactChange {
  before: ResponseRateFact | undefined;
  after: ResponseRateFact;
}

/** Applies one quality record to a facts table inside the caller's transaction (live, rebuild or scratch). */
export async function applyResponseRateEvent(tx: Queryable, table: string, event: Pick<ProjectedEvent, 'type' | 'data'>): Promise<FactChange | undefined> {
  if (!isResponseRateRecord(event)) return undefined;
  const before = await loadFactForUpdate(tx, table, event.data.dispatchRef);
  const after = nextFact(before, event);
  await saveFact(tx, table, after);
  return { before, after };
}

/**
 * The response-rate indicator (answered dispatches over dispatches per unit) as a rebuildable projection:
 * fed by the quality topic in the indicators service, or by the pseudonymisation service's event store
 * (where quality records are written) for an auditor's replay.
 */
export const responseRateProjection: Projection<ResponseRateFact> = {
  name: 'response-rate',
  table: RESPONSE_RATE_TABLE,
  eventTypes: RESPONSE_RATE_EVENT_TYPES,
  topics: [TOPICS.qualityRecords],
  consumer: 'indicators-quality',
  ddl: responseRateDdl,
  apply: applyResponseRateEvent,
  rows: allFacts,
  memory() {
    const facts = new Map<string, ResponseRateFact>();
    return {
      apply: (event) => void (isResponseRateRecord(event) && foldFacts(facts, [event])),
      rows: () => factRows(facts.values()),
    };
  },
  report: (rows, { unit }) => unitRates(rows, unit),
};
