import type { Pool, PoolClient } from 'pg';
import { applySchema, inTransaction } from '@hub/event-store';
import { digestRows } from './digest';
import { assertTableName, type Projection } from './projection';

/** When to replace the live table with the rebuilt one. */
export type SwapPolicy = 'if-different' | 'always' | 'never';

export interface SwapResult {
  liveDigest: string;
  rebuiltDigest: string;
  swapped: boolean;
  /** Events applied to the rebuilt table under the lock, to catch up with what the live consumer did meanwhile. */
  caughtUp: number;
}

/** Renames the rebuilt table's indexes (and so its primary key constraint) to the live table's names. */
async function renameIndexes(tx: PoolClient, from: string, to: string): Promise<void> {
  const { rows } = await tx.query<{ indexname: string }>('SELECT indexname FROM pg_indexes WHERE schemaname = current_schema() AND tablename = $1', [to]);
  for (const { indexname } of rows) {
    if (indexname.startsWith(`${from}_`)) await tx.query(`ALTER INDEX ${assertTableName(indexname)} RENAME TO ${assertTableName(to + indexname.slice(from.length))}`);
  }
}

/**
 * Compares the live table with its rebuilt twin and, per the policy, swaps the twin in: one transaction
 * holding an exclusive lock on the live table, so readers see the old table or the new one, never neither,
 * and the live consumer waits instead of writing into a table about to be dropped. `catchUp` runs under the
 * lock first, to bring the twin to exactly what the live table reflects.
 */
export async function compareAndSwap(pool: Pool, projection: Projection, rebuilt: string, policy: SwapPolicy, catchUp?: (tx: PoolClient) => Promise<number>): Promise<SwapResult> {
  const live = assertTableName(projection.table);
  assertTableName(rebuilt);
  // The live table must exist to be locked; ensured beforehand, not in the swap's transaction: its
  // `CREATE INDEX IF NOT EXISTS` takes a SHARE lock, and upgrading that to ACCESS EXCLUSIVE while the live
  // consumer waits behind it (holding its own locks) deadlocked. The exclusive lock is the first one taken.
  await applySchema(pool, projection.ddl(live));
  return inTransaction(pool, async (tx) => {
    await tx.query(`LOCK TABLE ${live} IN ACCESS EXCLUSIVE MODE`);
    const caughtUp = (await catchUp?.(tx)) ?? 0;
    const liveDigest = digestRows(await projection.rows(tx, live));
    const rebuiltDigest = digestRows(await projection.rows(tx, rebuilt));
    const swap = policy === 'always' || (policy === 'if-different' && liveDigest !== rebuiltDigest);
    if (swap) {
      await tx.query(`DROP TABLE ${live}`);
      await tx.query(`ALTER TABLE ${rebuilt} RENAME TO ${live}`);
      await renameIndexes(tx, rebuilt, live);
    } else if (policy !== 'never') {
      await tx.query(`DROP TABLE ${rebuilt}`);
    }
    return { liveDigest, rebuiltDigest, swapped: swap, caughtUp };
  });
}
