import type { Pool } from 'pg';
import { readAllAfter } from '../event-store';
import { signCheckpoint, type AuditSigningKey, type SignedCheckpoint } from '../integrity/checkpoint-signature';
import { MerkleAccumulator } from '../integrity/merkle';
import { inTransaction } from '../transaction';
import { ensureAuditSchema } from './audit-schema';
import { insertCheckpoint, insertSequence, lastSealed, readAuditEntries } from './audit-store';

/** Any constant works as long as every sealer of a database uses the same one: it names "the sealer" lock. */
const SEALER_LOCK = 0x5ea1e7;

export interface SealerOptions {
  /** The log's name (the service), signed into every checkpoint. */
  log: string;
  pool: Pool;
  key: AuditSigningKey;
  /** Clock for checkpoint timestamps; defaults to now. */
  now?: () => Date;
  batchSize?: number;
}

/** What one sealing step did: the new checkpoint, or why nothing was sealed. */
export type SealOutcome = { sealed: SignedCheckpoint } | { idle: 'nothing-new' | 'another-sealer' };

/**
 * The sealer: numbers committed events densely in commit order and signs a Merkle tree head per batch. It runs
 * off the append path (writers never wait for it) and one at a time per database (a transaction-scoped
 * advisory lock; a second instance simply finds the lock taken and idles).
 */
export function createSealer(options: SealerOptions) {
  const batchSize = options.batchSize ?? 1000;
  const now = options.now ?? (() => new Date());
  const tree = new MerkleAccumulator();
  const ready = ensureAuditSchema(options.pool);

  /** Rebuilds the in-memory tree when it is behind the table (first run, or another instance sealed meanwhile). */
  async function syncTree(size: number, db: Parameters<typeof readAuditEntries>[0]): Promise<void> {
    if (tree.size > size) throw new Error(`audit sequence shrank from ${tree.size} to ${size}: refusing to seal over a rewritten log`);
    for (const entry of await readAuditEntries(db, tree.size, size)) tree.append(entry);
  }

  /** Seals one batch of newly committed events in one transaction. */
  async function sealBatch(): Promise<SealOutcome> {
    await ready;
    return inTransaction(options.pool, async (tx): Promise<SealOutcome> => {
      const { rows } = await tx.query<{ locked: boolean }>('SELECT pg_try_advisory_xact_lock($1) AS locked', [SEALER_LOCK]);
      if (!rows[0].locked) return { idle: 'another-sealer' };
      const { size, checkpoint } = await lastSealed(tx);
      // Commit order with its own checkpoint (not positions): an event committed late by a slow transaction is
      // sequenced when it becomes visible, never skipped, so the sequence stays dense and complete.
      const events = await readAllAfter(tx, checkpoint, batchSize);
      if (events.length === 0) return { idle: 'nothing-new' };
      await syncTree(size, tx);
      await insertSequence(tx, size, events);
      for (const e of events) tree.append(e.hash);
      const head = signCheckpoint(options.key, { log: options.log, treeSize: tree.size, rootHash: tree.root(), timestamp: now().toISOString() });
      await insertCheckpoint(tx, head);
      return { sealed: head };
    }).catch(async (err: unknown) => {
      // The transaction rolled back, so the in-memory tree may be ahead of the table: start it afresh next time.
      tree.reset();
      throw err;
    });
  }

  /** Seals until caught up; returns the checkpoints written. */
  async function sealAll(): Promise<SignedCheckpoint[]> {
    const written: SignedCheckpoint[] = [];
    for (;;) {
      const outcome = await sealBatch();
      if (!('sealed' in outcome)) return written;
      written.push(outcome.sealed);
    }
  }

  return { sealBatch, sealAll };
}

export type Sealer = ReturnType<typeof createSealer>;
