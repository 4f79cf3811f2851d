import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { appendToStream, streamVersion } from '@hub/event-store';
import { createScratchDatabase, type ScratchDatabase } from '@hub/testing';
import { EXIT } from './command';
import { exportCommand } from './commands/export.command';
import { verifyCommand } from './commands/verify.command';
import { main } from './main';
import { rewriteEventAndResign, truncateSealedLog } from './verify/rewritten-history';
import type { CheckpointJson } from './verify/trusted-checkpoint';
import type { VerifyReport } from './verify/verify-report';
import { runCommand, sealEverything, seedSealedLog, type SealedLog } from './verify/verify-test-log';

jest.setTimeout(90_000);

let db: ScratchDatabase;
let log: SealedLog;
let dir: string;
/** The checkpoint the auditor kept after verifying the clean log. */
let saved: string;

/** A fresh sealed log per test, verified once by the auditor, who keeps its latest checkpoint. */
beforeEach(async () => {
  db = await createScratchDatabase('trusted');
  log = await seedSealedLog(db.pool);
  dir = mkdtempSync(path.join(tmpdir(), 'hubctl-trusted-'));
  saved = path.join(dir, 'consent-checkpoint.json');
  const first = await runCommand(verifyCommand, ['--database', db.url, '--public-key', log.publicKeyFile, '--save-checkpoint', saved]);
  expect(first.code).toBe(EXIT.ok);
});
afterEach(() => db.drop());

async function verify(...extra: string[]): Promise<{ code: number; report: VerifyReport; text: string; err: string }> {
  const json = await runCommand(verifyCommand, ['--database', db.url, '--public-key', log.publicKeyFile, '--json', ...extra]);
  const text = await runCommand(verifyCommand, ['--database', db.url, '--public-key', log.publicKeyFile, ...extra]);
  return { code: json.code, report: JSON.parse(json.out) as VerifyReport, text: text.out, err: json.err };
}

const savedCheckpoint = () => JSON.parse(readFileSync(saved, 'utf8')) as CheckpointJson;

async function appendMore(): Promise<void> {
  for (const [i, stream] of log.streams.entries()) {
    await appendToStream(db.pool, stream, await streamVersion(db.pool, stream), [{ eventId: randomUUID(), type: 'Counted', schemaVersion: 1, data: { n: 7 + i } }]);
  }
  await sealEverything(db.pool, log.key);
}

describe('hubctl verify: the checkpoint an auditor keeps', () => {
  it('a clean verify gives the latest checkpoint (JSON and text) and saves it', async () => {
    const { report, text } = await verify();
    const { rows } = await db.pool.query<{ root: string; ts: string; sig: string; key: string }>(
      "SELECT encode(root_hash, 'hex') AS root, timestamp AS ts, encode(signature, 'base64') AS sig, key_id AS key FROM audit_checkpoints WHERE tree_size = 24",
    );
    const latest = { log: 'test', treeSize: 24, rootHash: rows[0].root, timestamp: rows[0].ts, signature: rows[0].sig.replace(/\n/g, ''), keyId: rows[0].key };
    expect(report.verifiedCheckpoint).toEqual(latest);
    expect(savedCheckpoint()).toEqual(latest);
    expect(text).toContain(`verified checkpoint (keep it; --save-checkpoint F writes it): ${JSON.stringify(latest)}`);
  });

  it('is not saved when the log does not verify', async () => {
    await db.pool.query(`UPDATE events SET data = jsonb_set(data, '{n}', '7') WHERE stream_id = $1 AND stream_version = 3`, [log.streams[1]]);
    const again = path.join(dir, 'again.json');
    const { code, report, err } = await verify('--save-checkpoint', again);
    expect(code).toBe(EXIT.verificationFailed);
    expect(report.verifiedCheckpoint).toBeUndefined();
    expect(err).toContain(`checkpoint NOT saved to ${again}: the log did not verify`);
    expect(() => readFileSync(again)).toThrow(/ENOENT/);
  });
});

describe('hubctl verify --trusted-checkpoint', () => {
  it('the log grew and was sealed further: it still extends the trusted checkpoint, and the newer one is saved', async () => {
    await appendMore();
    const { code, report, text } = await verify('--trusted-checkpoint', saved);
    expect(code).toBe(EXIT.ok);
    expect(report).toMatchObject({ ok: true, events: 28, trustedTreeSizes: [24], verifiedCheckpoint: { treeSize: 28 }, problems: [] });
    expect(text).toMatch(/^OK: .*held to trusted checkpoint\(s\) 24; 0 problem/m);
    const next = await runCommand(verifyCommand, ['--database', db.url, '--trusted-checkpoint', saved, '--save-checkpoint', saved]);
    expect(next.code).toBe(EXIT.ok);
    expect(next.err).toContain(`saved checkpoint 28 (root ${report.verifiedCheckpoint!.rootHash}) to ${saved}`);
    expect(savedCheckpoint()).toEqual(report.verifiedCheckpoint);
  });

  it('history rewritten and every checkpoint re-signed with the service key: plain verify passes, the trusted checkpoint does not', async () => {
    const stream = log.streams[0];
    await rewriteEventAndResign(db.pool, log.key, stream, 2, { n: 2, note: 'rewritten' });
    const plain = await verify();
    expect(plain).toMatchObject({ code: EXIT.ok, report: { ok: true, events: 24, checkpoints: { signaturesChecked: true } } });
    const held = await verify('--trusted-checkpoint', saved);
    expect(held.code).toBe(EXIT.verificationFailed);
    expect(held.report.problems).toEqual([
      expect.objectContaining({ area: 'trusted-checkpoint', kind: 'log-rewritten', treeSize: 24, trustedFile: saved, message: expect.stringContaining('the log was rewritten since the checkpoint you trust') }),
    ]);
    expect(held.text).toContain(`FIRST BAD: trusted checkpoint 24 (${saved}): the log was rewritten since the checkpoint you trust (root ${savedCheckpoint().rootHash}`);
  });

  it('the log truncated to an earlier checkpoint: plain verify passes, the trusted checkpoint does not', async () => {
    const { rows } = await db.pool.query<{ size: number }>('SELECT max(tree_size)::int AS size FROM audit_checkpoints WHERE tree_size < 24');
    await truncateSealedLog(db.pool, rows[0].size);
    expect((await verify()).report).toMatchObject({ ok: true, events: rows[0].size });
    const held = await verify('--trusted-checkpoint', saved);
    expect(held.code).toBe(EXIT.verificationFailed);
    expect(held.report.problems).toEqual([expect.objectContaining({ kind: 'log-truncated', treeSize: 24, message: expect.stringContaining(`now has only ${rows[0].size} entries`) })]);
  });

  it('truncated, then grown back past the trusted size with other events and re-signed: rewritten', async () => {
    await truncateSealedLog(db.pool, 20);
    await appendMore(); // 24 again, but not the same 24
    await appendMore();
    expect((await verify()).report.ok).toBe(true);
    expect((await verify('--trusted-checkpoint', saved)).report.problems).toEqual([expect.objectContaining({ kind: 'log-rewritten', treeSize: 24 })]);
  });

  it('holds an export to it too', async () => {
    const file = path.join(dir, 'export.jsonl');
    await rewriteEventAndResign(db.pool, log.key, log.streams[3], 1, { n: 100 });
    expect((await runCommand(exportCommand, ['--database', db.url, '--out', file])).code).toBe(EXIT.ok);
    const held = await runCommand(verifyCommand, ['--file', file, '--trusted-checkpoint', saved, '--json']);
    expect(held.code).toBe(EXIT.verificationFailed);
    expect((JSON.parse(held.out) as VerifyReport).problems).toEqual([expect.objectContaining({ kind: 'log-rewritten', trustedFile: saved })]);
  });

  it('a trusted checkpoint file altered by hand fails its signature check when the key is given', async () => {
    const forged = path.join(dir, 'forged.json');
    writeFileSync(forged, JSON.stringify({ ...savedCheckpoint(), timestamp: '2030-01-01T00:00:00.000Z' }));
    const { code, report } = await verify('--trusted-checkpoint', forged);
    expect(code).toBe(EXIT.verificationFailed);
    expect(report.problems).toEqual([expect.objectContaining({ kind: 'trusted-bad-signature', trustedFile: forged })]);
  });

  it('a malformed or missing trusted checkpoint file is a usage error (exit 2); Kafka has nothing to hold to it', async () => {
    const malformed = path.join(dir, 'malformed.json');
    writeFileSync(malformed, JSON.stringify({ ...savedCheckpoint(), rootHash: 'xyz' }));
    expect(await main(['verify', '--database', db.url, '--trusted-checkpoint', malformed])).toBe(EXIT.usage);
    await expect(runCommand(verifyCommand, ['--database', db.url, '--trusted-checkpoint', malformed])).rejects.toThrow(`trusted checkpoint ${malformed} is malformed: rootHash must be 64 lower-case hex digits`);
    await expect(runCommand(verifyCommand, ['--database', db.url, '--trusted-checkpoint', path.join(dir, 'none.json')])).rejects.toThrow('cannot read trusted checkpoint');
    expect(await main(['verify', '--kafka', 'localhost:1', '--topic', 't', '--trusted-checkpoint', saved])).toBe(EXIT.usage);
  });
});
