/** Which part of the log a problem was found in. */
export type ProblemArea = 'event' | 'stream' | 'sequence' | 'checkpoint' | 'trusted-checkpoint';

/** One thing wrong with the log, named precisely enough to find the row or checkpoint. */
export interface Problem {
  area: ProblemArea;
  /** Short machine-readable kind, e.g. "hash-mismatch", "missing-version", "bad-signature". */
  kind: string;
  message: string;
  streamId?: string;
  streamVersion?: number;
  eventId?: string;
  position?: string;
  seq?: number;
  treeSize?: number;
  /** The auditor's file of the trusted checkpoint the problem is about (--trusted-checkpoint). */
  trustedFile?: string;
}

/** Orders problems so the first reported is the earliest in the log: events by position, then sequence, then checkpoints. */
export function byLogOrder(a: Problem, b: Problem): number {
  const rank = (p: Problem) => (p.position !== undefined ? 0 : p.seq !== undefined ? 1 : 2);
  if (rank(a) !== rank(b)) return rank(a) - rank(b);
  if (a.position !== undefined && b.position !== undefined) return compareDecimal(a.position, b.position);
  return (a.seq ?? a.treeSize ?? 0) - (b.seq ?? b.treeSize ?? 0);
}

/** Compares non-negative decimal strings (positions are bigints) without converting. */
export function compareDecimal(a: string, b: string): number {
  return a.length !== b.length ? a.length - b.length : a < b ? -1 : a > b ? 1 : 0;
}
