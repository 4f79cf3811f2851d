import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import type { Benchmark, BenchContext } from './bench-row';
import { fillSealedLog } from './verify/fill-log';

/** The repository root, whether this runs from sources (tools/bench/src) or from the build (dist/tools/bench/src). */
const ROOT = path.resolve(__dirname, __dirname.split(path.sep).includes('dist') ? '../../../..' : '../../..');
/** The built CLI, run as an auditor runs it (a process of its own: hubctl is not a library the bench may import). */
const HUBCTL = path.join(ROOT, 'dist/tools/hubctl/src/main.js');

/** Reads `COPY events TO STDOUT` to the end: the floor any verifier reading the table pays. Returns seconds. */
async function copyScan(url: string): Promise<number> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const started = process.hrtime.bigint();
    for await (const chunk of client.query(copyTo('COPY events TO STDOUT')) as AsyncIterable<Buffer>) void chunk;
    return Number(process.hrtime.bigint() - started) / 1e9;
  } finally {
    await client.end();
  }
}

/** Runs `hubctl verify` on the database; wall time including process start. Fails loudly if it did not verify. */
function hubctlVerify(url: string, publicKeyFile: string): Promise<number> {
  if (!existsSync(HUBCTL)) throw new Error(`${HUBCTL} is missing: build first (tsc -p tsconfig.build.json)`);
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(process.execPath, ['-r', path.join(ROOT, 'scripts/runtime-paths.cjs'), HUBCTL, 'verify', '--database', url, '--public-key', publicKeyFile, '--json'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d));
    child.stderr.on('data', (d: Buffer) => (err += d));
    child.on('exit', (code) => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      if (code === 0) resolve(seconds);
      else reject(new Error(`hubctl verify exited ${code}: ${err || out.slice(0, 500)}`));
    });
  });
}

async function withDatabase<T>(adminUrl: string, work: (url: string) => Promise<T>): Promise<T> {
  const name = `bench_verify_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  try {
    return await work(url.toString());
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}

/** Best of `runs` (the least disturbed by the other work on a shared machine), alternating the two measurements. */
async function bestOf(runs: number, ctx: BenchContext, ours: () => Promise<number>, theirs: () => Promise<number>): Promise<[number, number]> {
  let [a, b] = [Infinity, Infinity];
  for (let i = 0; i < runs; i++) {
    b = Math.min(b, await theirs());
    a = Math.min(a, await ours());
    ctx.log(`verify bench run ${i + 1}/${runs}: hubctl ${a.toFixed(2)} s, COPY ${b.toFixed(2)} s (best so far)`);
  }
  return [a, b];
}

/**
 * Verify rate: `hubctl verify --database` (COPY streaming, hashing in worker threads, every check including
 * signatures and consistency) against a bare `COPY events TO STDOUT` read of the same table. Goal: half of it.
 */
export const benchVerify: Benchmark = async (ctx) => {
  const [streams, perStream] = ctx.smoke ? [500, 10] : [20_000, 10];
  const events = streams * perStream;
  return withDatabase(ctx.databaseUrl, async (url) => {
    const client = new Client({ connectionString: url });
    await client.connect();
    const dir = mkdtempSync(path.join(tmpdir(), 'bench-verify-'));
    try {
      ctx.log(`verify bench: filling ${events} events in ${streams} streams`);
      const keyFile = path.join(dir, 'bench.pem');
      writeFileSync(keyFile, await fillSealedLog(client, streams, perStream));
      const [ours, theirs] = await bestOf(ctx.smoke ? 1 : 3, ctx, () => hubctlVerify(url, keyFile), () => copyScan(url));
      return [{ figure: `verify ${events} events (chains, sequence, signed checkpoints)`, unit: 'events/s', ours: Math.round(events / ours), reference: 'COPY events TO STDOUT scan', theirs: Math.round(events / theirs), goal: 0.5 }];
    } finally {
      rmSync(dir, { recursive: true, force: true });
      await client.end();
    }
  });
};
