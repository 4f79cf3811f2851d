/**
 * Test support for the verify specs (not shipped in the CLI's behaviour): a small sealed log in a scratch
 * database, and running a hubctl command with captured output.
 */
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Pool } from 'pg';
import { appendToStream, createSealer, ensureEventStoreSchema, loadAuditSigningKey, type AuditSigningKey } from '@hub/event-store';
import type { CommandIo, HubctlCommand } from '../command';

export interface SealedLog {
  streams: string[];
  publicKeyFile: string;
  /** The sealer's key (log name 'test'): to seal more, or to play a service that re-signs a rewritten log. */
  key: AuditSigningKey;
}

/** Appends `streams` streams of `perStream` events and seals them in batches of 10 (so several checkpoints). */
export async function seedSealedLog(pool: Pool, streams = 4, perStream = 6): Promise<SealedLog> {
  await ensureEventStoreSchema(pool);
  const pair = generateKeyPairSync('ed25519');
  const key = loadAuditSigningKey(pair.privateKey.export({ type: 'pkcs8', format: 'der' }).toString('base64'));
  const ids = Array.from({ length: streams }, (_, s) => `patient-${s}-${randomUUID()}`);
  for (let v = 0; v < perStream; v++) {
    for (const id of ids) {
      await appendToStream(pool, id, v, [{ eventId: randomUUID(), type: 'Counted', schemaVersion: 1, data: { n: v + 1, note: 'æøå "quoted"\ttab\\slash' }, metadata: { correlationId: id } }]);
    }
  }
  await sealEverything(pool, key);
  const dir = mkdtempSync(path.join(tmpdir(), 'hubctl-'));
  const publicKeyFile = path.join(dir, 'test.pem');
  writeFileSync(publicKeyFile, pair.publicKey.export({ type: 'spki', format: 'pem' }));
  return { streams: ids, publicKeyFile, key };
}

/** Seals every committed event as the service's sealer (log 'test') would, in batches of 10. */
export async function sealEverything(pool: Pool, key: AuditSigningKey): Promise<void> {
  // Transactions anywhere on the server (other databases included) hold back what the sealer may see: seal until
  // every event is in, as a service's sealer eventually would.
  const sealer = createSealer({ log: 'test', pool, key, batchSize: 10 });
  for (let round = 0; ; round++) {
    await sealer.sealAll();
    const { rows } = await pool.query<{ sealed: boolean }>('SELECT (SELECT count(*) FROM audit_sequence) = (SELECT count(*) FROM events) AS sealed');
    if (rows[0].sealed) break;
    if (round > 600) {
      const { rows: holders } = await pool.query(
        "SELECT pid, datname, state, backend_xid::text, xact_start::text, left(query, 100) AS query FROM pg_stat_activity WHERE backend_xid IS NOT NULL ORDER BY xact_start LIMIT 3",
      );
      throw new Error(`the sealer did not catch up within 30 s; oldest transactions on the server: ${JSON.stringify(holders)}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Runs a command as main.ts would, capturing stdout/stderr lines and the exit code. */
export async function runCommand(command: HubctlCommand, args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const io: CommandIo = { out: (l) => out.push(l), err: (l) => err.push(l), interactive: false };
  const code = await command.run(args, io);
  return { code, out: out.join('\n'), err: err.join('\n') };
}
