/**
 * Test support for the trusted-checkpoint specs: what a compromised service holding the signing key could do
 * to its own log, leaving nothing that the log's own checks (chains, sequence, signed checkpoints) can catch.
 */
import type { Pool } from 'pg';
import { computeEventHash, readAuditEntries, readCheckpoints, readStream, signCheckpoint, treeRoot, type AuditSigningKey } from '@hub/event-store';

/**
 * Replaces the data of one event and makes the whole log consistent again: re-hashes the rest of its stream's
 * chain, puts the new hashes in the audit sequence, and recomputes and re-signs every checkpoint (same sizes
 * and timestamps) with the service's key.
 */
export async function rewriteEventAndResign(pool: Pool, key: AuditSigningKey, streamId: string, version: number, data: unknown): Promise<void> {
  let prevHash: Buffer | undefined;
  for (const e of await readStream(pool, streamId)) {
    if (e.streamVersion < version) continue;
    const rewritten = { ...e, data: e.streamVersion === version ? data : e.data, prevHash: prevHash ?? e.prevHash };
    const hash = computeEventHash({ ...rewritten, recordedAt: e.recordedAt.toISOString() });
    await pool.query('UPDATE events SET data = $2, hash = $3, prev_hash = $4 WHERE event_id = $1', [e.eventId, JSON.stringify(rewritten.data), hash, rewritten.prevHash]);
    await pool.query('UPDATE audit_sequence SET event_hash = $2 WHERE global_position = $1', [e.globalPosition.toString(), hash]);
    prevHash = hash;
  }
  await resignCheckpoints(pool, key);
}

/** Recomputes every checkpoint's root from the audit sequence as it now is, and signs it again. */
export async function resignCheckpoints(pool: Pool, key: AuditSigningKey): Promise<void> {
  const entries = await readAuditEntries(pool);
  for (const c of await readCheckpoints(pool)) {
    const head = signCheckpoint(key, { log: c.log, treeSize: c.treeSize, rootHash: treeRoot(entries.slice(0, c.treeSize)), timestamp: c.timestamp });
    await pool.query('UPDATE audit_checkpoints SET root_hash = $2, signature = $3, key_id = $4 WHERE tree_size = $1', [c.treeSize, head.rootHash, head.signature, head.keyId]);
  }
}

/** Cuts the log back to its first `size` sealed events: the later events, their sequence entries and checkpoints go. */
export async function truncateSealedLog(pool: Pool, size: number): Promise<void> {
  await pool.query('DELETE FROM events WHERE global_position IN (SELECT global_position FROM audit_sequence WHERE seq >= $1)', [size]);
  await pool.query('DELETE FROM audit_sequence WHERE seq >= $1', [size]);
  await pool.query('DELETE FROM audit_checkpoints WHERE tree_size > $1', [size]);
}
