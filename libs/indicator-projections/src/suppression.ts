import { byCell, type Cell } from './cells';
import { byCodeUnits } from './order';

export type SuppressionReason = 'small-count' | 'complementary';

/** Default minimum denominator: RKKP's annual reports leave out results based on fewer than 5 patients. */
export const DEFAULT_MIN_COUNT = 5;

/**
 * Which cells of one indicator version and month are left out, and why.
 *
 * Primary: a cell whose denominator is below `minCount` (results based on too few patients). Not on the
 * numerator or on denominator − numerator: the cells hold pseudonymised aggregates per unit and month with no
 * further attribute, a count of 1-4 answered (or improved) out of 5 or more reveals nothing about a named person,
 * and suppressing small numerators would blank exactly the best and worst units, which quality work most needs.
 *
 * Complementary: a region or sector total is published with the units it sums; if exactly one unit of such a
 * total were left out, total minus the published units would give it back. So while some total has exactly
 * one suppressed unit, the smallest other unit of it (by denominator, then SOR) is suppressed too, or the total
 * itself when there is no other unit. Repeated to a fixed point, since a unit sits in a sector and a region total.
 *
 * An empty cell (denominator 0: every dispatch of it was retracted) is left out too, but needs no protection:
 * recovering "nobody" from a total tells nothing about anyone. So it never forces a neighbour out; otherwise one
 * erasure anywhere in the country would blank a small unit somewhere else in the same sector and month.
 */
export function suppress(cells: readonly Cell[], minCount: number): Map<string, SuppressionReason> {
  if (!Number.isInteger(minCount) || minCount < 1) throw new RangeError(`minimum count must be a positive integer, not ${minCount}`);
  const reasons = new Map<string, SuppressionReason>();
  for (const c of cells) if (c.denominator < minCount) reasons.set(c.stratum, 'small-count');
  const groups = totalsWithMembers(cells);
  for (let changed = true; changed; ) {
    changed = false;
    for (const [total, members] of groups) {
      if (reasons.has(total.stratum)) continue;
      const hidden = members.filter((m) => reasons.has(m.stratum) && m.denominator > 0);
      if (hidden.length !== 1) continue;
      const next = members.filter((m) => !reasons.has(m.stratum)).sort((a, b) => a.denominator - b.denominator || byCodeUnits(a.stratum, b.stratum))[0];
      reasons.set((next ?? total).stratum, 'complementary');
      changed = true;
    }
  }
  return reasons;
}

/** Each sector and region cell with the unit cells that name it as a parent. */
function totalsWithMembers(cells: readonly Cell[]): Array<[Cell, Cell[]]> {
  const members = new Map<string, Cell[]>();
  for (const c of cells) for (const p of c.parents ?? []) members.set(p, [...(members.get(p) ?? []), c]);
  return cells
    .filter((c) => members.has(c.stratum))
    .sort(byCell)
    .map((c) => [c, members.get(c.stratum) ?? []]);
}
