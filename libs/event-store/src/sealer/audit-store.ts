import type { SignedCheckpoint } from '../integrity/checkpoint-signature';
import { START, type Checkpoint, type Queryable } from '../types';

/** Event hashes of the audit sequence from `fromSeq`, in seq order (the Merkle tree's entries). */
export async function readAuditEntries(db: Queryable, fromSeq = 0, toSeq?: number): Promise<Buffer[]> {
  const { rows } = await db.query<{ event_hash: Buffer }>(
    'SELECT event_hash FROM audit_sequence WHERE seq >= $1 AND ($2::bigint IS NULL OR seq < $2) ORDER BY seq',
    [fromSeq, toSeq ?? null],
  );
  return rows.map((r) => r.event_hash);
}

/** Where the sealer stands: the commit-order key of the last sequenced event (START when none). */
export async function lastSealed(db: Queryable): Promise<{ size: number; checkpoint: Checkpoint }> {
  const { rows } = await db.query<{ seq: string; t: string; p: string }>(
    `SELECT a.seq::text AS seq, e.transaction_id::text AS t, e.global_position::text AS p
       FROM audit_sequence a JOIN events e USING (global_position) ORDER BY a.seq DESC LIMIT 1`,
  );
  if (!rows[0]) return { size: 0, checkpoint: START };
  return { size: Number(rows[0].seq) + 1, checkpoint: { transactionId: BigInt(rows[0].t), globalPosition: BigInt(rows[0].p) } };
}

/** Appends sequence rows from `firstSeq`, one per event, in the order given. */
export async function insertSequence(db: Queryable, firstSeq: number, events: { globalPosition: bigint; hash: Buffer }[]): Promise<void> {
  await db.query(
    `INSERT INTO audit_sequence (seq, global_position, event_hash)
     SELECT $1::bigint + i - 1, p, h FROM unnest($2::bigint[], $3::bytea[]) WITH ORDINALITY AS t(p, h, i)`,
    [firstSeq, events.map((e) => e.globalPosition.toString()), events.map((e) => e.hash)],
  );
}

export async function insertCheckpoint(db: Queryable, c: SignedCheckpoint): Promise<void> {
  await db.query('INSERT INTO audit_checkpoints (tree_size, log, root_hash, timestamp, signature, key_id) VALUES ($1, $2, $3, $4, $5, $6)', [
    c.treeSize,
    c.log,
    c.rootHash,
    c.timestamp,
    c.signature,
    c.keyId,
  ]);
}

/** Every signed checkpoint of the log, by tree size. */
export async function readCheckpoints(db: Queryable): Promise<SignedCheckpoint[]> {
  const { rows } = await db.query<{ tree_size: string; log: string; root_hash: Buffer; timestamp: string; signature: Buffer; key_id: string }>(
    'SELECT tree_size::text AS tree_size, log, root_hash, timestamp, signature, key_id FROM audit_checkpoints c ORDER BY c.tree_size',
  );
  return rows.map((r) => ({ log: r.log, treeSize: Number(r.tree_size), rootHash: r.root_hash, timestamp: r.timestamp, signature: r.signature, keyId: r.key_id }));
}
