import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import type { Client } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { AUDIT_DDL, computeEventHash, EVENT_STORE_DDL, loadAuditSigningKey, MerkleAccumulator, signCheckpoint, ZERO_HASH } from '@hub/event-store';

/** COPY text escaping for one field (backslash first, then the framing characters). */
const esc = (s: string) => s.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r');

/** A plausible PRO event body (~250 bytes): what a questionnaire response event carries. */
function body(stream: number, version: number) {
  return {
    responseId: `r-${stream}-${version}`,
    questionnaire: 'http://pro-hub.dk/fhir/Questionnaire/pain-nrs|1.0.0',
    unitSor: '123456789',
    answers: [{ linkId: 'pain', valueInteger: (stream + version) % 11 }, { linkId: 'sleep', valueCoding: { code: 'poor', system: 'http://pro-hub.dk/cs' } }],
    score: { total: (stream * 7 + version) % 40, triage: 'green' },
  };
}

/** Rows for `COPY events (...) FROM STDIN`, each hashed and chained as the writer would. */
function* eventRows(streams: number, perStream: number): Generator<string> {
  const recordedAt = new Date('2026-11-24T12:00:00.000Z').toISOString();
  for (let s = 0; s < streams; s++) {
    let prevHash = ZERO_HASH;
    const lines: string[] = [];
    for (let v = 1; v <= perStream; v++) {
      const e = { eventId: randomUUID(), streamId: `response-${s}`, streamVersion: v, type: 'ResponseScored', schemaVersion: 1, data: body(s, v), metadata: { correlationId: `c-${s}` }, recordedAt, prevHash };
      const hash = computeEventHash(e);
      lines.push([e.streamId, v, e.eventId, e.type, 1, esc(JSON.stringify(e.data)), esc(JSON.stringify(e.metadata)), recordedAt, `\\\\x${hash.toString('hex')}`, `\\\\x${prevHash.toString('hex')}`].join('\t'));
      prevHash = hash;
    }
    yield `${lines.join('\n')}\n`;
  }
}

/**
 * Fills a fresh database with `streams * perStream` chained events (COPY FROM, one transaction per stream batch
 * is not needed: one COPY), seals them (dense sequence in commit order, a signed checkpoint every `every`
 * entries) and returns the public key PEM for verification.
 */
export async function fillSealedLog(client: Client, streams: number, perStream: number, every = 10_000): Promise<string> {
  await client.query(EVENT_STORE_DDL);
  await client.query(AUDIT_DDL);
  await pipeline(
    Readable.from(eventRows(streams, perStream)),
    client.query(copyFrom('COPY events (stream_id, stream_version, event_id, type, schema_version, data, metadata, recorded_at, hash, prev_hash) FROM STDIN')),
  );
  await client.query(
    'INSERT INTO audit_sequence (seq, global_position, event_hash) SELECT row_number() OVER (ORDER BY transaction_id, global_position) - 1, global_position, hash FROM events',
  );
  const pair = generateKeyPairSync('ed25519');
  const key = loadAuditSigningKey(pair.privateKey.export({ type: 'pkcs8', format: 'der' }).toString('base64'));
  const { rows } = await client.query<{ event_hash: Buffer }>('SELECT event_hash FROM audit_sequence ORDER BY seq');
  const tree = new MerkleAccumulator();
  for (const [i, r] of rows.entries()) {
    tree.append(r.event_hash);
    if ((i + 1) % every === 0 || i === rows.length - 1) {
      const c = signCheckpoint(key, { log: 'bench', treeSize: tree.size, rootHash: tree.root(), timestamp: new Date().toISOString() });
      await client.query('INSERT INTO audit_checkpoints (tree_size, log, root_hash, timestamp, signature, key_id) VALUES ($1, $2, $3, $4, $5, $6)', [c.treeSize, c.log, c.rootHash, c.timestamp, c.signature, c.keyId]);
    }
  }
  await client.query('ANALYZE events');
  return pair.publicKey.export({ type: 'spki', format: 'pem' }).toString();
}
