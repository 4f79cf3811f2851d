import type { Contribution } from './contributions';
import type { IndicatorDefinition, StratumKind } from './definitions';
import { byCodeUnits } from './order';

/**
 * One indicator version in one stratum and month: the unit of publication. `stratum` is `unit:<SOR>`,
 * `sector:<sector>` or `region:<region>`. A unit cell names the sector and region cells it is part of
 * (`parents`), which complementary suppression and stratum grants need.
 */
export interface Cell {
  measureId: string;
  version: string;
  stratum: string;
  month: string;
  numerator: number;
  denominator: number;
  parents?: string[];
}

export const stratumOf = (kind: StratumKind, code: string) => `${kind}:${code}`;

export function parseStratum(stratum: string): { kind: StratumKind; code: string } {
  const i = stratum.indexOf(':');
  return { kind: stratum.slice(0, i) as StratumKind, code: stratum.slice(i + 1) };
}

/** Identity of a cell (what a MeasureReport is the report of). */
export const cellKey = (c: Pick<Cell, 'measureId' | 'version' | 'stratum' | 'month'>) => `${c.measureId}|${c.version}|${c.stratum}|${c.month}`;

/** Canonical cell order: measure, version, month, stratum (code units), the order digests cover. */
export const byCell = (a: Cell, b: Cell) => byCodeUnits(a.measureId, b.measureId) || byCodeUnits(a.version, b.version) || byCodeUnits(a.month, b.month) || byCodeUnits(a.stratum, b.stratum);

/**
 * Sums contributions into cells for the strata each definition asks for. Sector and region cells exist only
 * for contributions whose unit's sector/region is known; the unit cell counts them all. Contributions are
 * summed in a canonical order so a mean change of decimals sums to the same float whatever order they came in.
 */
export function cellsOf(definitions: readonly IndicatorDefinition[], contributions: readonly Contribution[]): Cell[] {
  const strataOf = new Map(definitions.map((d) => [`${d.id}|${d.version}`, new Set(d.strata)]));
  const cells = new Map<string, Cell & { parentSet?: Set<string> }>();
  const sorted = [...contributions].sort((a, b) => a.numerator - b.numerator || byCodeUnits(a.unit.sor, b.unit.sor));
  for (const c of sorted) {
    const wanted = strataOf.get(`${c.measureId}|${c.version}`);
    if (!wanted) continue;
    const parents = [c.unit.sector !== null && wanted.has('sector') ? stratumOf('sector', c.unit.sector) : undefined, c.unit.region !== null && wanted.has('region') ? stratumOf('region', c.unit.region) : undefined].filter((p): p is string => p !== undefined);
    const strata = [...(wanted.has('unit') ? [stratumOf('unit', c.unit.sor)] : []), ...parents];
    for (const stratum of strata) {
      const key = cellKey({ ...c, stratum });
      const cell = cells.get(key) ?? { measureId: c.measureId, version: c.version, stratum, month: c.month, numerator: 0, denominator: 0 };
      cell.numerator += c.numerator;
      cell.denominator += c.denominator;
      if (stratum.startsWith('unit:')) {
        cell.parentSet ??= new Set();
        for (const p of parents) cell.parentSet.add(p);
      }
      cells.set(key, cell);
    }
  }
  return [...cells.values()]
    .map(({ parentSet, ...cell }) => (parentSet ? { ...cell, parents: [...parentSet].sort(byCodeUnits) } : cell))
    .sort(byCell);
}
