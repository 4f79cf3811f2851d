import { CommitOrderConflictError, StreamConflictError } from './errors';
import type { Queryable } from './types';

/**
 * Checks, before appending, that the stream is at `expectedVersion` and that this transaction may follow its
 * last event in commit order.
 *
 * Readers order the log by (transaction id, position): the id is taken at a transaction's first write, not at
 * its commit. A transaction that took its id early (say, writing another stream first) and appends a
 * stream's next version only after a younger transaction committed the previous one would be read before it:
 * the relay would publish v2 before v1. Refusing that append as a conflict makes the writer retry in a fresh
 * transaction, whose id is younger than every committed one. (A transaction with no id yet gets one at the
 * insert, necessarily younger than the committed event it saw, so only an already assigned id is compared.)
 */
export async function assertAppendable(db: Queryable, streamId: string, expectedVersion: number): Promise<void> {
  const { rows } = await db.query<{ v: number; behind: boolean | null }>(
    `SELECT stream_version AS v, transaction_id > pg_current_xact_id_if_assigned() AS behind
       FROM events WHERE stream_id = $1 ORDER BY stream_version DESC LIMIT 1`,
    [streamId],
  );
  const actual = rows[0]?.v ?? 0;
  if (actual !== expectedVersion) throw new StreamConflictError(streamId, expectedVersion, actual);
  if (rows[0]?.behind) throw new CommitOrderConflictError(streamId, expectedVersion);
}
