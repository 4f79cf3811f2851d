/**
 * One line of a benchmark table: the project's figure next to a reference measured in the same run (a peer
 * library, or the physical limit such as a bare scan), and the ratio between them. Absolute numbers on a shared
 * 2-core machine are noisy; the ratio is what is tracked.
 */
export interface BenchRow {
  /** What was measured, e.g. "append, 10 events/tx, 8 writers". */
  figure: string;
  /** The unit of both values, e.g. "events/s". */
  unit: string;
  /** The project's value. */
  ours: number;
  /** What the reference is, e.g. "emmett-postgresql 0.42" or "COPY ... TO STDOUT scan". */
  reference: string;
  /** The reference's value, measured in the same run. */
  theirs: number;
  /** The goal for ours / theirs (higher is better), e.g. 1.0 for "ahead of it", 0.8 for "at least 0.8 of it". */
  goal?: number;
  /**
   * The ratio measured in pairs, when each run measures both sides back to back: the median of the runs' own
   * ratios. A pair shares the machine's load of its moment, so this is steadier than ours / theirs of two
   * medians taken over runs under different loads. When given, the table shows it and judges the goal by it.
   */
  pairedRatio?: number;
}

/** Context every benchmark gets: the real infrastructure of the run, and whether it is a short CI smoke run. */
export interface BenchContext {
  databaseUrl: string;
  kafkaBrokers: string[];
  smoke: boolean;
  /** Progress lines (stderr), so stdout keeps only the table. */
  log(line: string): void;
}

export type Benchmark = (ctx: BenchContext) => Promise<BenchRow[]>;
