import type { Pool } from 'pg';
import { inTransaction } from '@hub/event-store';
import type { Logger } from '@hub/messaging';
import { claimDueWork, type DueWork } from './due-work.table';
import { doDueWork } from './due-work.handlers';

/** A piece of work that failed, named so the tick can pass over it and try the rest. */
class DueWorkFailed extends Error {
  constructor(
    readonly workKey: string,
    override readonly cause: unknown,
  ) {
    super(`due work ${workKey} failed: ${(cause as Error)?.message ?? String(cause)}`);
  }
}

export interface TickResult {
  occurrence: number;
  reminder: number;
  expiry: number;
  failed: number;
}

/**
 * One scheduler tick: does every piece of work due at `now`, one transaction per piece. Safe to repeat and to
 * run from several processes at once (rows are claimed with SKIP LOCKED, deciders ignore work already done).
 * A piece that fails is logged and left for the next tick; it does not stop the others.
 */
export async function runTick(pool: Pool, now: Date, logger?: Logger, limit = 500): Promise<TickResult> {
  const result: TickResult = { occurrence: 0, reminder: 0, expiry: 0, failed: 0 };
  const failedKeys: string[] = [];
  for (let done = 0; done < limit; done++) {
    let claimed: (DueWork & { key: string }) | undefined;
    try {
      claimed = await inTransaction(pool, async (tx) => {
        const work = await claimDueWork(tx, now, failedKeys);
        if (work) await doDueWork(tx, work, now).catch((err: unknown) => Promise.reject(new DueWorkFailed(work.key, err)));
        return work;
      });
    } catch (err) {
      logger?.error({ err, now: now.toISOString() }, 'scheduled work failed; retrying at the next tick');
      result.failed += 1;
      // Without a work key the claim itself failed (database trouble): leave the rest to the next tick.
      if (!(err instanceof DueWorkFailed)) return result;
      failedKeys.push(err.workKey);
      continue;
    }
    if (!claimed) return result;
    result[claimed.kind] += 1;
  }
  return result;
}
