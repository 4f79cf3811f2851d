import fc from 'fast-check';

/**
 * Pure model for the reader property tests: what concurrent transactions do and in which order, and what a
 * reader may have seen. The int spec runs the schedule on real Postgres; nothing here does I/O.
 */

/**
 * One transaction's plan: appends to streams (by index into the run's shared streams; -1 is a stream of its
 * own, like an inbox row or another aggregate written first), then commit or rollback.
 */
export interface TxPlan {
  appends: Array<{ stream: number; count: number }>;
  end: 'commit' | 'rollback';
}

export type Step = { kind: 'append'; tx: number; stream: number; count: number } | { kind: 'end'; tx: number; end: TxPlan['end'] } | { kind: 'read' };

export interface Schedule {
  streams: number;
  txs: TxPlan[];
  steps: Step[];
}

const txPlan = (streams: number) =>
  fc.record({
    appends: fc.array(fc.record({ stream: fc.integer({ min: -1, max: streams - 1 }), count: fc.integer({ min: 1, max: 2 }) }), { minLength: 1, maxLength: 3 }),
    end: fc.constantFrom<TxPlan['end']>('commit', 'commit', 'rollback'),
  });

/**
 * Merges the transactions' own step sequences in the order `picks` chooses (each pick selects among the
 * transactions with steps left), with a reader catch-up wherever `reads` says so.
 */
export function interleave(txs: TxPlan[], picks: number[], reads: boolean[]): Step[] {
  const queues: Step[][] = txs.map((t, tx) => [...t.appends.map((a) => ({ kind: 'append' as const, tx, ...a })), { kind: 'end' as const, tx, end: t.end }]);
  const steps: Step[] = [];
  for (let i = 0; queues.some((q) => q.length > 0); i++) {
    if (reads[i % reads.length]) steps.push({ kind: 'read' });
    const live = queues.filter((q) => q.length > 0);
    steps.push(live[picks[i % picks.length] % live.length].shift()!);
  }
  steps.push({ kind: 'read' });
  return steps;
}

/** Schedules of 2..4 transactions over 1..3 shared streams, interleaved arbitrarily with reads. */
export const scheduleArbitrary: fc.Arbitrary<Schedule> = fc.integer({ min: 1, max: 3 }).chain((streams) =>
  fc
    .record({
      txs: fc.array(txPlan(streams), { minLength: 2, maxLength: 4 }),
      picks: fc.array(fc.nat(), { minLength: 1, maxLength: 20 }),
      reads: fc.array(fc.boolean(), { minLength: 1, maxLength: 20 }),
    })
    .map(({ txs, picks, reads }) => ({ streams, txs, steps: interleave(txs, picks, reads) })),
);

/** What a read observed, for the oracle. */
export interface ReadObservation {
  eventIds: string[];
  /** Checkpoint transaction id after the read (0 when nothing was ever read). */
  checkpointTx: bigint;
  /** Transactions whose COMMIT had returned by the end of the read. */
  committed: Set<number>;
  /** xids of transactions still open (not committed nor rolled back) at the end of the read, so open throughout it. */
  openXids: bigint[];
}

export interface WrittenEvent {
  eventId: string;
  tx: number;
  streamId: string;
  streamVersion: number;
}

/**
 * Every way the reader broke its promise, as readable lines (empty when none): each committed event read
 * exactly once, no rolled-back or uncommitted event, each stream in version order, and never a checkpoint
 * past a transaction that was still open.
 */
export function readerViolations(written: WrittenEvent[], committedTxs: Set<number>, reads: ReadObservation[]): string[] {
  const problems: string[] = [];
  const byId = new Map(written.map((e) => [e.eventId, e]));
  const seen = new Map<string, number>();
  const lastVersion = new Map<string, number>();
  reads.forEach((read, r) => {
    for (const id of read.eventIds) {
      const e = byId.get(id);
      if (!e) continue; // another test's event in the same database
      seen.set(id, (seen.get(id) ?? 0) + 1);
      if (!read.committed.has(e.tx)) problems.push(`read ${r}: ${e.streamId}@${e.streamVersion} of tx ${e.tx} before its commit returned`);
      if (!committedTxs.has(e.tx)) problems.push(`read ${r}: ${e.streamId}@${e.streamVersion} of rolled-back tx ${e.tx}`);
      const last = lastVersion.get(e.streamId) ?? 0;
      if (e.streamVersion !== last + 1) problems.push(`read ${r}: ${e.streamId} version ${e.streamVersion} after version ${last}`);
      lastVersion.set(e.streamId, e.streamVersion);
    }
    for (const xid of read.openXids) if (read.checkpointTx >= xid) problems.push(`read ${r}: checkpoint at tx ${read.checkpointTx} passed open tx ${xid}`);
  });
  for (const e of written) {
    const n = seen.get(e.eventId) ?? 0;
    if (committedTxs.has(e.tx) && n !== 1) problems.push(`${e.streamId}@${e.streamVersion} of committed tx ${e.tx} read ${n} times`);
  }
  return problems;
}
