import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client, Pool } from 'pg';
import { EXIT } from './command';
import { verifyCommand } from './commands/verify.command';
import { findDumpToolchain, runTool, startDumpServer, type DumpServer, type DumpToolchain } from './verify/pg-dump-toolchain';
import type { VerifyReport } from './verify/verify-report';
import { runCommand, seedSealedLog, type SealedLog } from './verify/verify-test-log';

/**
 * `hubctl verify --database` on a copy restored from a real pg_dump. pg_dump refuses a server of a newer major
 * version than its own, and the project's embedded server is newer than the distribution's client tools, so
 * this runs on a server of pg_dump's own version (see pg-dump-toolchain.ts) and is skipped, saying why, where
 * the machine has none.
 */
const search = findDumpToolchain();
const toolchain: DumpToolchain | undefined = 'found' in search ? search.found : undefined;
if ('missing' in search) console.warn(`verify-pg-dump.int.spec: skipped: ${search.missing}`);
const describeWithPgDump = toolchain ? describe : describe.skip;

jest.setTimeout(120_000);

describeWithPgDump(`hubctl verify on a restored pg_dump${toolchain ? ` (pg_dump ${toolchain.major}, ${toolchain.server.kind} server)` : ` (skipped: ${'missing' in search ? search.missing : ''})`}`, () => {
  const tools = toolchain!;
  const tool = (name: string) => path.join(tools.bin, name);
  let server: DumpServer;
  let work: string;
  let source: { url: string; pool: Pool; log: SealedLog };
  const databases: string[] = [];

  function urlOf(database: string): string {
    const url = new URL(server.adminUrl);
    url.pathname = `/${database}`;
    return url.toString();
  }

  /** A fresh database on the dump server, dropped after the spec. */
  async function createDatabase(prefix: string): Promise<string> {
    const name = `${prefix}_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
    const admin = new Client({ connectionString: server.adminUrl });
    await admin.connect();
    try {
      await admin.query(`CREATE DATABASE ${name}`);
    } finally {
      await admin.end();
    }
    databases.push(name);
    return urlOf(name);
  }

  beforeAll(async () => {
    server = await startDumpServer(tools);
    work = mkdtempSync(path.join(tmpdir(), 'hubctl-dump-'));
    const url = await createDatabase('dump_source');
    const pool = new Pool({ connectionString: url, max: 4 });
    source = { url, pool, log: await seedSealedLog(pool) };
  });

  afterAll(async () => {
    await source?.pool.end();
    const admin = new Client({ connectionString: server.adminUrl });
    await admin.connect();
    for (const name of databases) await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
    await server?.stop();
    rmSync(work, { recursive: true, force: true });
  });

  async function verify(url: string, ...extra: string[]): Promise<{ code: number; report: VerifyReport }> {
    const { code, out } = await runCommand(verifyCommand, ['--database', url, '--public-key', source.log.publicKeyFile, '--json', ...extra]);
    return { code, report: JSON.parse(out) as VerifyReport };
  }

  it('a custom-format dump restored with pg_restore verifies, and extends the checkpoint saved from the original', async () => {
    const saved = path.join(work, 'checkpoint.json');
    expect((await runCommand(verifyCommand, ['--database', source.url, '--save-checkpoint', saved])).code).toBe(EXIT.ok);
    const dump = path.join(work, 'log.dump');
    await runTool(tool('pg_dump'), ['--format=custom', '--no-owner', '-t', 'events', '-t', 'audit_sequence', '-t', 'audit_checkpoints', '--file', dump, '--dbname', source.url]);
    const restored = await createDatabase('dump_restored');
    await runTool(tool('pg_restore'), ['--no-owner', '--exit-on-error', '--dbname', restored, dump]);
    const { code, report } = await verify(restored, '--trusted-checkpoint', saved);
    expect(code).toBe(EXIT.ok);
    expect(report).toMatchObject({ ok: true, events: 24, streams: 4, sequence: { entries: 24 }, checkpoints: { signaturesChecked: true, latestTreeSize: 24 }, trustedTreeSizes: [24], problems: [] });
  });

  it('one event altered in a plain-format dump, restored with psql: verify names it', async () => {
    const stream = source.log.streams[1];
    const { rows } = await source.pool.query<{ event_id: string; global_position: string }>('SELECT event_id, global_position FROM events WHERE stream_id = $1 AND stream_version = 3', [stream]);
    const dump = path.join(work, 'log.sql');
    await runTool(tool('pg_dump'), ['--format=plain', '--no-owner', '-t', 'events', '-t', 'audit_sequence', '-t', 'audit_checkpoints', '--file', dump, '--dbname', source.url]);
    const lines = readFileSync(dump, 'utf8').split('\n');
    // The event's row in the COPY data: tab-separated, its id unique in the dump; data is the jsonb text.
    const at = lines.findIndex((l) => l.includes(`\t${rows[0].event_id}\t`));
    expect(lines[at]).toContain('{"n": 3,');
    lines[at] = lines[at].replace('{"n": 3,', '{"n": 4,');
    writeFileSync(dump, lines.join('\n'));
    const restored = await createDatabase('dump_tampered');
    await runTool(tool('psql'), ['--no-psqlrc', '--quiet', '-v', 'ON_ERROR_STOP=1', '--file', dump, restored]);
    const { code, report } = await verify(restored);
    expect(code).toBe(EXIT.verificationFailed);
    expect(report.problems[0]).toMatchObject({ kind: 'hash-mismatch', streamId: stream, streamVersion: 3, eventId: rows[0].event_id, position: rows[0].global_position });
  });
});
