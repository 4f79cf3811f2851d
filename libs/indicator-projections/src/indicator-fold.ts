import { cellsOf, type Cell } from './cells';
import { dispatchContributions, pathwayContributions, type Contribution } from './contributions';
import type { IndicatorDefinition } from './definitions';
import { nextDispatchFact, pathwayOf, type DispatchFact, type QualityRecord } from './dispatch-fact';

/**
 * Folds records into facts keyed by dispatch reference. Mutates the map it is given (a replay folds every
 * record of the topic; copying per record would be quadratic); the map is the caller's own state.
 */
export function foldDispatchFacts(facts: Map<string, DispatchFact>, records: Iterable<QualityRecord>): Map<string, DispatchFact> {
  for (const record of records) facts.set(record.data.dispatchRef, nextDispatchFact(facts.get(record.data.dispatchRef), record));
  return facts;
}

/** Facts grouped by pathway reference. */
export function byPathway(facts: Iterable<DispatchFact>): Map<string, DispatchFact[]> {
  const groups = new Map<string, DispatchFact[]>();
  for (const fact of facts) {
    const ref = pathwayOf(fact);
    if (ref) groups.set(ref, [...(groups.get(ref) ?? []), fact]);
  }
  return groups;
}

/** Every contribution of a set of facts: per dispatch for process indicators, per pathway for outcomes. */
export function contributionsOf(definitions: readonly IndicatorDefinition[], facts: readonly DispatchFact[]): Contribution[] {
  const out = facts.flatMap((f) => dispatchContributions(definitions, f));
  for (const pathway of byPathway(facts).values()) out.push(...pathwayContributions(definitions, pathway));
  return out;
}

/** All cells the facts give, in canonical order: what the projection's digest covers. */
export const indicatorCells = (definitions: readonly IndicatorDefinition[], facts: readonly DispatchFact[]): Cell[] => cellsOf(definitions, contributionsOf(definitions, facts));
