import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { createScratchDatabase, type ScratchDatabase } from '@hub/testing';
import { seedSealedLog, type SealedLog } from './verify/verify-test-log';

/**
 * The built CLI as an auditor runs it (Node 24, compiled, hashing in worker threads): exit codes are what
 * scripts see. Needs the build (npm test builds before the tests run).
 */
const ROOT = path.resolve(__dirname, '../../..');
const ENTRY = path.join(ROOT, 'dist/tools/hubctl/src/main.js');
let db: ScratchDatabase;
let log: SealedLog;

function hubctl(...args: string[]) {
  if (!existsSync(ENTRY)) throw new Error(`${ENTRY} is missing: build first (tsc -p tsconfig.build.json; npm test does)`);
  return spawnSync(process.execPath, ['-r', path.join(ROOT, 'scripts/runtime-paths.cjs'), ENTRY, ...args], { encoding: 'utf8', timeout: 60_000 });
}

beforeAll(async () => {
  db = await createScratchDatabase('hubctlcli');
  log = await seedSealedLog(db.pool, 20, 10);
});
afterAll(() => db.drop());

describe('hubctl (built) verify', () => {
  it('exits 0 on a clean log and 1 with the first bad event on stdout after tampering, hashing in worker threads', () => {
    const clean = hubctl('verify', '--database', db.url, '--public-key', log.publicKeyFile, '--workers', '2');
    expect(clean.stderr).toBe('');
    expect(clean.status).toBe(0);
    expect(clean.stdout).toMatch(/^OK: 200 events in 20 streams/m);
    return db.pool.query(`UPDATE events SET metadata = '{"correlationId": "forged"}' WHERE stream_id = $1 AND stream_version = 9`, [log.streams[7]]).then(() => {
      const bad = hubctl('verify', '--database', db.url, '--public-key', log.publicKeyFile, '--workers', '2');
      expect(bad.status).toBe(1);
      expect(bad.stdout).toContain(`FIRST BAD: stream ${log.streams[7]}, version 9`);
      expect(bad.stdout).toContain('hash mismatch');
    });
  });

  it('reaches the same verdict, problem by problem, whether threads read partitions or the main thread reads all', async () => {
    // Several kinds of damage at once, in different streams (so in different partitions): a changed event, a
    // deleted one, a removed sequence row and a forged checkpoint signature. Earlier tests in this file may
    // have changed the log too; both runs see the same log either way.
    await db.pool.query(`UPDATE events SET data = jsonb_set(data, '{n}', '70') WHERE stream_id = $1 AND stream_version = 2`, [log.streams[3]]);
    await db.pool.query('DELETE FROM events WHERE stream_id = $1 AND stream_version = 5', [log.streams[11]]);
    await db.pool.query('DELETE FROM audit_sequence WHERE seq = (SELECT max(seq) FROM audit_sequence) - 3');
    await db.pool.query('UPDATE audit_checkpoints SET signature = set_byte(signature, 1, get_byte(signature, 1) # 1) WHERE tree_size = (SELECT min(tree_size) FROM audit_checkpoints)');
    const reports = ['0', '1', '2', '3'].map((workers) => {
      const run = hubctl('verify', '--database', db.url, '--public-key', log.publicKeyFile, '--workers', workers, '--json');
      expect(run.status).toBe(1);
      const { seconds, eventsPerSecond, ...report } = JSON.parse(run.stdout) as { seconds: number; eventsPerSecond: number; problems: { kind: string }[] };
      expect(seconds).toBeGreaterThan(0);
      expect(eventsPerSecond).toBeGreaterThan(0);
      return report;
    });
    expect(reports[0].problems.map((p) => p.kind)).toEqual(expect.arrayContaining(['hash-mismatch', 'missing-version', 'sealed-event-missing', 'sequence-gap', 'bad-signature']));
    for (const report of reports.slice(1)) expect(report).toEqual(reports[0]);
  });
});
