import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { createScratchDatabase, type ScratchDatabase } from '@hub/testing';
import { appendToStream, ensureEventStoreSchema, inTransaction } from '../index';
import { loadAuditSigningKey, verifyCheckpointSignature } from '../integrity/checkpoint-signature';
import { leafHash } from '../integrity/merkle';
import { verifyConsistency, verifyInclusion } from '../integrity/merkle-proofs';
import { proveConsistency, proveInclusion } from './audit-proofs';
import { readCheckpoints } from './audit-store';
import { createSealer } from './sealer';

let db: ScratchDatabase;
const pkcs8 = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'der' }).toString('base64');
const key = loadAuditSigningKey(pkcs8);
const event = (n: number) => ({ eventId: randomUUID(), type: 'Counted', schemaVersion: 1, data: { n } });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function sequence(): Promise<{ seq: number; position: string; hash: Buffer }[]> {
  const { rows } = await db.pool.query<{ seq: string; global_position: string; event_hash: Buffer }>('SELECT seq, global_position, event_hash FROM audit_sequence ORDER BY seq');
  return rows.map((r) => ({ seq: Number(r.seq), position: r.global_position, hash: r.event_hash }));
}

beforeAll(async () => {
  db = await createScratchDatabase('sealer');
  await ensureEventStoreSchema(db.pool);
});
afterAll(() => db.drop());

describe('sealer on real Postgres', () => {
  it('sequences a late committer when it commits, never skipping it, so the sequence stays dense', async () => {
    const sealer = createSealer({ log: 'test', pool: db.pool, key });
    const slow = await db.pool.connect();
    await slow.query('BEGIN');
    await appendToStream(slow, `slow-${randomUUID()}`, 0, [event(1)]); // lower position, commits last
    await appendToStream(db.pool, `fast-${randomUUID()}`, 0, [event(2)]);
    await sealer.sealAll();
    expect(await sequence()).toEqual([]); // the fast event waits behind the in-flight slow one
    await slow.query('COMMIT');
    slow.release();
    await sealer.sealAll();
    const seq = await sequence();
    expect(seq.map((s) => s.seq)).toEqual([0, 1]);
    expect(Number(seq[0].position)).toBeLessThan(Number(seq[1].position)); // the slow one first: it became visible first
  });

  it('with writers committing out of order and two sealers racing, every event is sequenced exactly once, densely', async () => {
    const sealers = [createSealer({ log: 'test', pool: db.pool, key, batchSize: 7 }), createSealer({ log: 'test', pool: db.pool, key, batchSize: 5 })];
    let writing = true;
    const sealing = sealers.map(async (s) => {
      while (writing) {
        await s.sealAll();
        await sleep(5);
      }
    });
    await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        inTransaction(db.pool, async (tx) => {
          await appendToStream(tx, `w-${i}-${randomUUID()}`, 0, [event(i), event(i + 1)]);
          await sleep((i * 7919) % 40); // hold the transaction open: commits land out of position order
        }),
      ),
    );
    writing = false;
    await Promise.all(sealing);
    await sealers[0].sealAll();
    const seq = await sequence();
    const { rows } = await db.pool.query<{ global_position: string; hash: Buffer }>('SELECT global_position, hash FROM events');
    expect(seq.map((s) => s.seq)).toEqual(rows.map((_, i) => i));
    expect(new Set(seq.map((s) => s.position))).toEqual(new Set(rows.map((r) => r.global_position)));
    const byPosition = new Map(rows.map((r) => [r.global_position, r.hash]));
    expect(seq.every((s) => byPosition.get(s.position)!.equals(s.hash))).toBe(true);
  });

  it('signs every checkpoint; inclusion and consistency proofs verify against the signed roots', async () => {
    await createSealer({ log: 'test', pool: db.pool, key }).sealAll();
    const checkpoints = await readCheckpoints(db.pool);
    expect(checkpoints.length).toBeGreaterThan(2);
    for (const c of checkpoints) {
      expect(c.keyId).toBe(key.keyId);
      expect(verifyCheckpointSignature(key.publicKey, c)).toBe(true);
      expect(verifyCheckpointSignature(key.publicKey, { ...c, treeSize: c.treeSize + 1 })).toBe(false);
    }
    const latest = checkpoints[checkpoints.length - 1];
    const seq = await sequence();
    expect(latest.treeSize).toBe(seq.length);
    for (const s of seq) {
      const { leaf, proof } = await proveInclusion(db.pool, s.seq, latest.treeSize);
      expect(leaf).toEqual(leafHash(s.hash));
      expect(verifyInclusion(s.seq, latest.treeSize, leaf, proof, latest.rootHash)).toBe(true);
    }
    for (let i = 1; i < checkpoints.length; i++) {
      const [a, b] = [checkpoints[i - 1], checkpoints[i]];
      expect(verifyConsistency(a.treeSize, b.treeSize, a.rootHash, b.rootHash, await proveConsistency(db.pool, a.treeSize, b.treeSize))).toBe(true);
    }
  });
});
