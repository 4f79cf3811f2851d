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
});
