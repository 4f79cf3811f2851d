import fc from 'fast-check';
import type { Cell } from './cells';
import { INDICATOR_DEFINITIONS } from './definitions';
import { publishCells } from './publication';
import { suppress } from './suppression';

const cell = (stratum: string, denominator: number, parents?: string[]): Cell => ({ measureId: 'm', version: '1.0.0', stratum, month: '2026-11', numerator: 0, denominator, ...(parents ? { parents } : {}) });
/** Units of region R1 (all hospitals) with the region and sector totals their denominators sum to. */
function region(...units: Array<[string, number]>): Cell[] {
  const total = units.reduce((n, [, d]) => n + d, 0);
  return [...units.map(([sor, d]) => cell(`unit:${sor}`, d, ['region:R1', 'sector:hospital'])), cell('region:R1', total), cell('sector:hospital', total)];
}
const asObject = (m: Map<string, string>) => Object.fromEntries([...m].sort());

describe('suppression', () => {
  it('leaves out cells based on fewer than the minimum count', () => {
    expect(asObject(suppress(region(['A', 3], ['B', 4], ['C', 12]), 5))).toEqual({ 'unit:A': 'small-count', 'unit:B': 'small-count' });
  });

  it('complementary: one unit left out of a published total takes the next smallest with it', () => {
    // Region 25 = A 3 + B 10 + C 12: publishing B and C would give A = 25 − 10 − 12.
    expect(asObject(suppress(region(['A', 3], ['B', 10], ['C', 12]), 5))).toEqual({ 'unit:A': 'small-count', 'unit:B': 'complementary' });
  });

  it('ties on the complementary choice go to the lower SOR code, so the choice is reproducible', () => {
    expect(asObject(suppress(region(['A', 3], ['C', 10], ['B', 10]), 5))).toEqual({ 'unit:A': 'small-count', 'unit:B': 'complementary' });
  });

  it('the minimum count is configurable', () => {
    expect(asObject(suppress(region(['A', 3], ['B', 10], ['C', 12]), 3))).toEqual({});
    expect(() => suppress([], 0)).toThrow(/positive integer/);
  });

  it('follows a chain across the sector and region totals a unit belongs to, to a fixed point', () => {
    // A (R1, hospital) 3, B (R1, municipality) 6, C (R1, municipality) 20, D (R2, municipality) 30.
    // A is small. Region R1 has A alone hidden → B (6) goes. Sector hospital (3, only A) is small itself.
    // Sector municipality now has B alone hidden → C (20, smaller than D's 30) goes. R1: A, B, C hidden; R2: D alone, published.
    const cells = [
      cell('unit:A', 3, ['region:R1', 'sector:hospital']),
      cell('unit:B', 6, ['region:R1', 'sector:municipality']),
      cell('unit:C', 20, ['region:R1', 'sector:municipality']),
      cell('unit:D', 30, ['region:R2', 'sector:municipality']),
      cell('region:R1', 29),
      cell('region:R2', 30),
      cell('sector:hospital', 3),
      cell('sector:municipality', 56),
    ];
    expect(asObject(suppress(cells, 5))).toEqual({ 'unit:A': 'small-count', 'unit:B': 'complementary', 'unit:C': 'complementary', 'sector:hospital': 'small-count' });
  });

  it('an empty cell is left out but protects nothing', () => {
    // R1 holds A (3), B (9) and E, whose data were all retracted (0, kept as a cell so its report reads as suppressed).
    const cells = [cell('unit:A', 3, ['region:R1']), cell('unit:B', 9, ['region:R1']), cell('unit:E', 0, ['region:R1']), cell('region:R1', 12)];
    // E is hidden but empty: R1 minus B would still give A exactly, so B goes too.
    expect(asObject(suppress(cells, 5))).toEqual({ 'unit:A': 'small-count', 'unit:B': 'complementary', 'unit:E': 'small-count' });
    // An empty cell alone forces nobody out: recovering "nobody" from a total tells nothing about anyone.
    expect(asObject(suppress([cell('unit:E', 0, ['region:R1']), cell('unit:B', 9, ['region:R1']), cell('region:R1', 9)], 5))).toEqual({ 'unit:E': 'small-count' });
    // A total whose hidden member has no sibling to go with it goes itself.
    expect(asObject(suppress([cell('unit:A', 3, ['region:R1']), cell('region:R1', 7)], 5))).toEqual({ 'unit:A': 'small-count', 'region:R1': 'complementary' });
  });

  it('property: no published total ever has exactly one hidden member with data', () => {
    const units = fc.array(fc.record({ d: fc.integer({ min: 0, max: 30 }), r: fc.constantFrom('R1', 'R2'), s: fc.constantFrom('hospital', 'municipality') }), { minLength: 1, maxLength: 12 });
    fc.assert(
      fc.property(units, fc.integer({ min: 1, max: 10 }), (us, k) => {
        const unitCells = us.map((u, i) => cell(`unit:${String(i).padStart(2, '0')}`, u.d, [`region:${u.r}`, `sector:${u.s}`]));
        const totals = new Map<string, number>();
        for (const c of unitCells) for (const p of c.parents ?? []) totals.set(p, (totals.get(p) ?? 0) + c.denominator);
        const cells = [...unitCells, ...[...totals].map(([s, d]) => cell(s, d))];
        const hidden = suppress(cells, k);
        for (const [total] of totals) {
          if (hidden.has(total)) continue;
          expect(unitCells.filter((c) => c.parents?.includes(total) && hidden.has(c.stratum) && c.denominator > 0)).not.toHaveLength(1);
        }
      }),
    );
  });

  it('a suppressed cell is published without counts, score or interval', () => {
    const def = INDICATOR_DEFINITIONS.find((d) => d.id === 'response-within-window')!;
    const cells = region(['A', 3], ['B', 10], ['C', 12]).map((c) => ({ ...c, measureId: def.id, numerator: Math.floor(c.denominator / 2) }));
    const published = publishCells(def, cells, 5);
    expect(published.find((c) => c.stratum === 'unit:A')).toEqual({ measureId: def.id, version: '1.0.0', stratum: 'unit:A', month: '2026-11', parents: ['region:R1', 'sector:hospital'], suppressed: 'small-count' });
    expect(published.find((c) => c.stratum === 'unit:B')).not.toHaveProperty('numerator');
    expect(published.find((c) => c.stratum === 'unit:C')).toMatchObject({ suppressed: null, numerator: 6, denominator: 12, score: 0.5, interval: { low: expect.any(Number), high: expect.any(Number) } });
  });

  it('a mean change is published without an interval', () => {
    const def = INDICATOR_DEFINITIONS.find((d) => d.id === 'phq9-mean-change')!;
    const [published] = publishCells(def, [{ ...cell('unit:A', 8), measureId: def.id, numerator: -44 }], 5);
    expect(published).toEqual({ measureId: def.id, version: '1.0.0', stratum: 'unit:A', month: '2026-11', suppressed: null, numerator: -44, denominator: 8, score: -5.5 });
  });
});
