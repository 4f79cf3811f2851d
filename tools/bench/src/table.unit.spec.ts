import type { BenchRow } from './bench-row';
import { formatTable, isMet } from './table';
import { median } from './measure';

const row = (ours: number, theirs: number, goal?: number): BenchRow => ({ figure: 'append, 1 event/tx, 1 writer', unit: 'events/s', ours, reference: 'emmett', theirs, goal });

describe('benchmark table', () => {
  it('judges a row against its goal as ours / theirs, and leaves a row without a goal unjudged', () => {
    expect(isMet(row(900, 1000, 0.8))).toBe(true);
    expect(isMet(row(700, 1000, 0.8))).toBe(false);
    expect(isMet(row(1, 0, 1))).toBe(false);
    expect(isMet(row(5, 10))).toBeUndefined();
  });

  it('prints one aligned line per row with the ratio, the goal and whether it was met', () => {
    const lines = formatTable([row(1234.5, 1000, 1), row(12.345, 100)]).split('\n');
    expect(lines[0]).toMatch(/^figure\s+\| +ours \| reference \| +theirs \| ratio \| goal +\| met$/);
    expect(lines[2]).toContain('1,235 events/s');
    expect(lines[2]).toMatch(/\| +1\.23 \| >= 1\.00 \| yes$/);
    expect(lines[3]).toMatch(/12\.3 events\/s .*\| +0\.12 \| - +\| -$/);
    // Aligned: every line has its column separators at the same offsets.
    const bars = (l: string) => [...l.matchAll(/\|/g)].map((m) => m.index);
    expect(bars(lines[2])).toEqual(bars(lines[0]));
    expect(bars(lines[3])).toEqual(bars(lines[0]));
  });

  it('shows and judges a ratio measured in pairs instead of ours / theirs when a row has one', () => {
    const paired = { ...row(700, 1000, 0.8), pairedRatio: 0.85 };
    expect(isMet(paired)).toBe(true);
    expect(isMet({ ...row(900, 1000, 0.8), pairedRatio: 0.75 })).toBe(false);
    expect(formatTable([paired]).split('\n')[2]).toMatch(/\| +0\.85 \| >= 0\.80 \| yes$/);
  });

  it('reports the median of repeated runs, so one disturbed run does not set the figure', () => {
    expect(median([3, 1000, 5])).toBe(5);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });
});
