import { readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { appendToStream } from '@hub/event-store';
import { createScratchDatabase, type ScratchDatabase } from '@hub/testing';
import { EXIT } from './command';
import { exportCommand } from './commands/export.command';
import { verifyCommand } from './commands/verify.command';
import { main } from './main';
import { runCommand, seedSealedLog, type SealedLog } from './verify/verify-test-log';
import type { VerifyReport } from './verify/verify-report';

jest.setTimeout(90_000);

let db: ScratchDatabase;
let log: SealedLog;

/** A fresh sealed log per test: every tampering starts from a log that verifies. */
beforeEach(async () => {
  db = await createScratchDatabase('verify');
  log = await seedSealedLog(db.pool);
});
afterEach(() => db.drop());

async function verify(...extra: string[]): Promise<{ code: number; report: VerifyReport; text: string }> {
  const json = await runCommand(verifyCommand, ['--database', db.url, '--public-key', log.publicKeyFile, '--json', ...extra]);
  const text = await runCommand(verifyCommand, ['--database', db.url, '--public-key', log.publicKeyFile, ...extra]);
  return { code: json.code, report: JSON.parse(json.out) as VerifyReport, text: text.out };
}

async function eventAt(stream: string, version: number) {
  const { rows } = await db.pool.query<{ event_id: string; global_position: string }>('SELECT event_id, global_position FROM events WHERE stream_id = $1 AND stream_version = $2', [stream, version]);
  return { eventId: rows[0].event_id, position: rows[0].global_position };
}

describe('hubctl verify --database', () => {
  it('a clean log verifies: exit 0, every check ran, one summary line', async () => {
    const { code, report, text } = await verify();
    expect(code).toBe(EXIT.ok);
    expect(report).toMatchObject({ ok: true, events: 24, streams: 4, sequence: { entries: 24, unsealedTail: 0 }, checkpoints: { signaturesChecked: true, latestTreeSize: 24 }, problems: [] });
    expect(report.checkpoints!.count).toBeGreaterThanOrEqual(3); // batches of 10: 10, 20, 24 (more if sealing was held back)
    expect(text).toMatch(/^OK: 24 events in 4 streams, audit sequence 24 entries, \d+ checkpoints \(signatures checked\); 0 problem\(s\)/m);
  });

  it('says when signatures were not checked (no public key)', async () => {
    const { code, out } = await runCommand(verifyCommand, ['--database', db.url]);
    expect(code).toBe(EXIT.ok);
    expect(out).toContain('note: checkpoint signatures NOT checked: no --public-key given');
  });

  it('one byte changed in stored data: names the event', async () => {
    const stream = log.streams[1];
    await db.pool.query(`UPDATE events SET data = jsonb_set(data, '{n}', '7') WHERE stream_id = $1 AND stream_version = 3`, [stream]);
    const { code, report, text } = await verify();
    expect(code).toBe(EXIT.verificationFailed);
    expect(report.problems[0]).toMatchObject({ kind: 'hash-mismatch', streamId: stream, streamVersion: 3, ...(await eventAt(stream, 3)) });
    expect(text).toContain(`FIRST BAD: stream ${stream}, version 3, event ${(await eventAt(stream, 3)).eventId}`);
    expect(text).toContain('hash mismatch');
  });

  it('an event deleted: names the gap in its stream and the sealed position that vanished', async () => {
    const stream = log.streams[2];
    const deleted = await eventAt(stream, 3);
    await db.pool.query('DELETE FROM events WHERE event_id = $1', [deleted.eventId]);
    const { code, report } = await verify();
    expect(code).toBe(EXIT.verificationFailed);
    expect(report.problems[0]).toMatchObject({ kind: 'sealed-event-missing', position: deleted.position });
    expect(report.problems).toContainEqual(expect.objectContaining({ kind: 'missing-version', streamId: stream, streamVersion: 4, message: expect.stringContaining('missing version 3') }));
  });

  it('two events\' contents swapped: names the first of them', async () => {
    const stream = log.streams[0];
    await db.pool.query(
      `UPDATE events e SET data = o.data FROM events o
        WHERE e.stream_id = $1 AND o.stream_id = $1 AND ((e.stream_version = 2 AND o.stream_version = 5) OR (e.stream_version = 5 AND o.stream_version = 2))`,
      [stream],
    );
    const { code, report } = await verify();
    expect(code).toBe(EXIT.verificationFailed);
    expect(report.problems[0]).toMatchObject({ kind: 'hash-mismatch', streamId: stream, streamVersion: 2, ...(await eventAt(stream, 2)) });
  });

  it('a checkpoint signature altered: names the checkpoint', async () => {
    const { rows } = await db.pool.query<{ size: number }>('SELECT tree_size::int AS size FROM audit_checkpoints ORDER BY tree_size OFFSET 1 LIMIT 1');
    const size = rows[0].size;
    await db.pool.query('UPDATE audit_checkpoints SET signature = set_byte(signature, 5, get_byte(signature, 5) # 1) WHERE tree_size = $1', [size]);
    const { code, report, text } = await verify();
    expect(code).toBe(EXIT.verificationFailed);
    expect(report.problems).toEqual([expect.objectContaining({ area: 'checkpoint', kind: 'bad-signature', treeSize: size })]);
    expect(text).toContain(`FIRST BAD: checkpoint ${size}: signature does not verify under key`);
  });

  it('an audit sequence entry removed: names the gap', async () => {
    await db.pool.query('DELETE FROM audit_sequence WHERE seq = 7');
    const { code, report } = await verify();
    expect(code).toBe(EXIT.verificationFailed);
    expect(report.problems).toContainEqual(expect.objectContaining({ kind: 'sequence-gap', message: expect.stringContaining('seq 7 missing') }));
  });

  it('an event slipped in with a valid chain, dated before sealed events but never sealed: flagged', async () => {
    const stream = log.streams[3];
    // Written (and hashed) as a writer would, so the chain holds; then backdated into already-sealed commit order.
    await appendToStream(db.pool, stream, 6, [{ eventId: randomUUID(), type: 'Counted', schemaVersion: 1, data: { n: 99 } }]);
    const { position } = await eventAt(stream, 7);
    await db.pool.query('UPDATE events SET transaction_id = (SELECT min(transaction_id) FROM events) WHERE global_position = $1', [position]);
    const { report } = await verify();
    expect(report.problems).toContainEqual(expect.objectContaining({ kind: 'unsealed-event', streamId: stream, streamVersion: 7, position }));
  });
});

describe('hubctl export and verify --file', () => {
  it('an export of a clean log verifies offline; tampering after export is caught', async () => {
    const file = path.join(tmpdir(), `hubctl-export-${randomUUID()}.jsonl`);
    try {
      expect((await runCommand(exportCommand, ['--database', db.url, '--out', file])).code).toBe(EXIT.ok);
      const clean = await runCommand(verifyCommand, ['--file', file, '--public-key', log.publicKeyFile, '--json']);
      expect(clean.code).toBe(EXIT.ok);
      expect(JSON.parse(clean.out)).toMatchObject({ ok: true, events: 24, checkpoints: { latestTreeSize: 24, signaturesChecked: true } });
      const lines = readFileSync(file, 'utf8').split('\n');
      const at = lines.findIndex((l) => l.includes('"streamVersion":4'));
      writeFileSync(file, lines.map((l, i) => (i === at ? l.replace('"n":4', '"n":5') : l)).join('\n'));
      const tampered = await runCommand(verifyCommand, ['--file', file, '--public-key', log.publicKeyFile, '--json']);
      expect(tampered.code).toBe(EXIT.verificationFailed);
      const event = (JSON.parse(lines[at]) as { event: { eventId: string } }).event;
      expect(JSON.parse(tampered.out).problems[0]).toMatchObject({ kind: 'hash-mismatch', streamVersion: 4, eventId: event.eventId });
    } finally {
      unlinkSync(file);
    }
  });
});

describe('hubctl exit codes', () => {
  it('2 for a usage mistake, 3 when the source is unavailable', async () => {
    expect(await main(['verify'])).toBe(EXIT.usage);
    expect(await main(['verify', '--database', db.url, '--file', 'x'])).toBe(EXIT.usage);
    expect(await main(['verify', '--database', 'postgres://nobody@127.0.0.1:1/none'])).toBe(EXIT.unavailable);
    expect(await main(['verify', '--file', '/nonexistent/export.jsonl'])).toBe(EXIT.unavailable);
  });
});
