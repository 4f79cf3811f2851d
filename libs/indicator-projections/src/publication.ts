import { canonicalJsonOf } from './canonical';
import { byCell, cellKey, type Cell } from './cells';
import { isProportion, measureKey, type IndicatorDefinition } from './definitions';
import { byCodeUnits } from './order';
import { suppress, type SuppressionReason } from './suppression';
import { wilsonInterval } from './wilson';

/** A cell as it may be shown: counts, score and interval only when not suppressed. */
export interface PublishedCell {
  measureId: string;
  version: string;
  stratum: string;
  month: string;
  parents?: string[];
  suppressed: SuppressionReason | null;
  numerator?: number;
  denominator?: number;
  /** Proportion (numerator / denominator) or mean change. */
  score?: number;
  /** Wilson 95 % interval; proportions only (a mean change has none here, see the definition). */
  interval?: { low: number; high: number };
}

/**
 * Scores and interval bounds are published to 6 decimals: more is noise for a proportion of at most a few
 * thousand, and a full float's digit run could even look like a CPR number to the public topic's privacy guard.
 */
export const round6 = (x: number) => Math.round(x * 1e6) / 1e6;

/** Groups cells by indicator version and month: the scope in which suppression is decided. */
export function byMeasureMonth(cells: readonly Cell[]): Map<string, Cell[]> {
  const groups = new Map<string, Cell[]>();
  for (const c of cells) {
    const key = `${c.measureId}|${c.version}|${c.month}`;
    groups.set(key, [...(groups.get(key) ?? []), c]);
  }
  return groups;
}

/**
 * Everything of one indicator version and month as it may be published. A cell whose data all went (every
 * dispatch retracted) is passed in with denominator 0 and so reads as suppressed: the report is not withdrawn,
 * which would itself tell that the count fell to nothing.
 */
export function publishCells(definition: IndicatorDefinition, cells: readonly Cell[], minCount: number): PublishedCell[] {
  const reasons = suppress(cells, minCount);
  return [...cells].sort(byCell).map((c) => {
    const base = { measureId: c.measureId, version: c.version, stratum: c.stratum, month: c.month, ...(c.parents ? { parents: c.parents } : {}) };
    const suppressed = reasons.get(c.stratum);
    if (suppressed) return { ...base, suppressed };
    const score = round6(c.numerator / c.denominator);
    const interval = isProportion(definition) ? wilsonInterval(c.numerator, c.denominator) : undefined;
    return { ...base, suppressed: null, numerator: c.numerator, denominator: c.denominator, score, ...(interval ? { interval: { low: round6(interval.low), high: round6(interval.high) } } : {}) };
  });
}

/** Published cells that differ from what was published before (new, or any field changed). */
export function changedCells(before: ReadonlyMap<string, PublishedCell>, after: readonly PublishedCell[]): PublishedCell[] {
  return after.filter((c) => {
    const old = before.get(cellKey(c));
    return !old || canonicalJsonOf(old) !== canonicalJsonOf(c);
  });
}

/**
 * Publishes every cell of the given measure-months: `current` are the cells computed from the facts now,
 * `previous` what was published before (kept as zero cells when their data went, see publishCells).
 */
export function republish(definitions: readonly IndicatorDefinition[], current: readonly Cell[], previous: readonly PublishedCell[], minCount: number): PublishedCell[] {
  const defOf = new Map(definitions.map((d) => [measureKey(d), d]));
  const all = new Map(current.map((c) => [cellKey(c), c]));
  for (const p of previous) {
    if (!all.has(cellKey(p))) all.set(cellKey(p), { measureId: p.measureId, version: p.version, stratum: p.stratum, month: p.month, numerator: 0, denominator: 0, ...(p.parents ? { parents: p.parents } : {}) });
  }
  const out: PublishedCell[] = [];
  for (const [key, cells] of [...byMeasureMonth([...all.values()])].sort(([a], [b]) => byCodeUnits(a, b))) {
    const definition = defOf.get(`${cells[0].measureId}|${cells[0].version}`);
    if (!definition) throw new RangeError(`cells of an unknown indicator version: ${key}`);
    out.push(...publishCells(definition, cells, minCount));
  }
  return out;
}
