import type { BenchRow } from './bench-row';

const HEADER = ['figure', 'ours', 'reference', 'theirs', 'ratio', 'goal', 'met'] as const;

function formatNumber(value: number, unit: string): string {
  const digits = value >= 100 ? 0 : value >= 10 ? 1 : 2;
  return `${value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits })} ${unit}`;
}

/** A row's ratio: measured in pairs when it was, else ours / theirs; undefined without a reference figure. */
export function ratioOf(row: BenchRow): number | undefined {
  if (row.pairedRatio !== undefined) return row.pairedRatio;
  return row.theirs > 0 ? row.ours / row.theirs : undefined;
}

/** Whether a row met its goal; undefined when it has none (a figure that is reported, not judged). */
export function isMet(row: BenchRow): boolean | undefined {
  if (row.goal === undefined) return undefined;
  const ratio = ratioOf(row);
  return ratio !== undefined && ratio >= row.goal;
}

/** One aligned plain-text table (numbers right-aligned), ready for a terminal or a README code block. */
export function formatTable(rows: BenchRow[]): string {
  const cells = rows.map((r) => {
    const met = isMet(r);
    return [
      r.figure,
      formatNumber(r.ours, r.unit),
      r.reference,
      formatNumber(r.theirs, r.unit),
      ratioOf(r)?.toFixed(2) ?? '-',
      r.goal === undefined ? '-' : `>= ${r.goal.toFixed(2)}`,
      met === undefined ? '-' : met ? 'yes' : 'NO',
    ];
  });
  const widths = HEADER.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  const numeric = new Set([1, 3, 4]);
  const line = (c: readonly string[]) => c.map((v, i) => (numeric.has(i) ? v.padStart(widths[i]) : v.padEnd(widths[i]))).join(' | ').trimEnd();
  return [line(HEADER), widths.map((w) => '-'.repeat(w)).join('-|-'), ...cells.map(line)].join('\n');
}
