import type { QualityDispatchRecorded, QualityResponseRecorded } from '@hub/contracts';
import { byCodeUnits } from './order';
import { factAfterDispatch, factAfterResponse, toUnitResponseRate, type RateCounts, type ResponseRateFact, type UnitResponseRate } from './response-rate';

/** The quality records the response-rate indicator reads. */
export type ResponseRateRecord = { type: 'QualityDispatchRecorded'; data: QualityDispatchRecorded } | { type: 'QualityResponseRecorded'; data: QualityResponseRecorded };

/** The event types the indicator reads, for sources that carry others too. */
export const RESPONSE_RATE_EVENT_TYPES = ['QualityDispatchRecorded', 'QualityResponseRecorded'] as const;

export const isResponseRateRecord = (event: { type: string }): event is ResponseRateRecord =>
  (RESPONSE_RATE_EVENT_TYPES as readonly string[]).includes(event.type);

/** A dispatch's fact after one record: the single rule both the SQL projection and the in-memory fold use. */
export function nextFact(before: ResponseRateFact | undefined, record: ResponseRateRecord): ResponseRateFact {
  switch (record.type) {
    case 'QualityDispatchRecorded':
      return factAfterDispatch(before, record.data);
    case 'QualityResponseRecorded':
      return factAfterResponse(before, record.data);
    default: {
      const _exhaustive: never = record;
      return _exhaustive;
    }
  }
}

/**
 * Folds records into facts keyed by dispatch reference. Mutates the map it is given: replays fold millions
 * of records, and copying the map per record would make that quadratic. The map is the caller's own state.
 */
export function foldFacts(facts: Map<string, ResponseRateFact>, records: Iterable<ResponseRateRecord>): Map<string, ResponseRateFact> {
  for (const record of records) facts.set(record.data.dispatchRef, nextFact(facts.get(record.data.dispatchRef), record));
  return facts;
}

export { byCodeUnits } from './order';

/** Facts in canonical order (by dispatch reference): the rows a digest covers. */
export function factRows(facts: Iterable<ResponseRateFact>): ResponseRateFact[] {
  return [...facts].sort((a, b) => byCodeUnits(a.dispatchRef, b.dispatchRef));
}

/** Counts per unit, in unit order; a unit appears once any record for it arrived (as the live endpoint does). */
export function countsFromFacts(facts: Iterable<ResponseRateFact>): Map<string, RateCounts> {
  const counts = new Map<string, RateCounts>();
  for (const fact of facts) {
    const c = counts.get(fact.unitSor) ?? { numerator: 0, denominator: 0 };
    counts.set(fact.unitSor, { numerator: c.numerator + (fact.dispatched && fact.answered ? 1 : 0), denominator: c.denominator + (fact.dispatched ? 1 : 0) });
  }
  return new Map([...counts].sort(([a], [b]) => byCodeUnits(a, b)));
}

/** The indicator as the service reports it, optionally for one unit. */
export function unitRates(facts: Iterable<ResponseRateFact>, unitSor?: string): UnitResponseRate[] {
  return [...countsFromFacts(facts)].filter(([unit]) => unitSor === undefined || unit === unitSor).map(([unit, c]) => toUnitResponseRate(unit, c));
}
