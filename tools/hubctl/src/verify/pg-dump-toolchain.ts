/**
 * Test support for the pg_dump spec (not shipped in the CLI's behaviour): a pg_dump with a Postgres server of
 * the same major version, which the project's embedded server (a newer major than the distribution's client
 * tools, and pg_dump refuses a newer server) cannot be. Preferably a throwaway cluster started from that
 * version's own initdb / pg_ctl in a temporary directory; otherwise a server already running at
 * PG_DUMP_SERVER_URL (default postgres://postgres@127.0.0.1:5432/postgres) if it has the right version.
 * Detection is synchronous, so a spec can decide at collection time whether to run or skip (and say why).
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, chownSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** A pg_dump, pg_restore and psql of one major version, and where to get a server of that version. */
export interface DumpToolchain {
  bin: string;
  major: number;
  server: { kind: 'throwaway'; initdb: string; pgCtl: string } | { kind: 'running'; url: string };
}

export type ToolchainSearch = { found: DumpToolchain } | { missing: string };

/** A server for the spec: its admin URL, and how to let it go (a throwaway cluster is stopped and deleted). */
export interface DumpServer {
  adminUrl: string;
  stop(): Promise<void>;
}

const DEFAULT_SERVER_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

/** Directories that may hold client tools: PG_BINDIR, Debian's per-version directories (newest first), PATH. */
function candidateBinDirs(): string[] {
  const debian = existsSync('/usr/lib/postgresql')
    ? readdirSync('/usr/lib/postgresql')
        .filter((v) => /^\d+$/.test(v))
        .sort((a, b) => Number(b) - Number(a))
        .map((v) => `/usr/lib/postgresql/${v}/bin`)
    : [];
  const onPath = (process.env.PATH ?? '').split(path.delimiter).filter((d) => d && existsSync(path.join(d, 'pg_dump')));
  return [...(process.env.PG_BINDIR ? [process.env.PG_BINDIR] : []), ...debian, ...onPath];
}

function majorOf(versionText: string): number | undefined {
  const m = /(\d+)(?:\.\d+)?/.exec(versionText);
  return m ? Number(m[1]) : undefined;
}

function run(file: string, args: string[]): string | undefined {
  try {
    return execFileSync(file, args, { encoding: 'utf8', timeout: 10_000, stdio: ['ignore', 'pipe', 'ignore'] });
  } catch {
    return undefined;
  }
}

/** As root, Postgres runs as the OS user 'postgres' (as deploy/postgres/postgres.js does); undefined if none. */
function serverUser(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return { uid: process.getuid?.() ?? 0, gid: process.getgid?.() ?? 0 };
  const uid = run('id', ['-u', 'postgres']);
  const gid = run('id', ['-g', 'postgres']);
  return uid && gid ? { uid: Number(uid), gid: Number(gid) } : undefined;
}

function runningServerMajor(bin: string, url: string): number | undefined {
  const version = run(path.join(bin, 'psql'), ['--no-psqlrc', '-Atc', 'SHOW server_version', url]);
  return version === undefined ? undefined : majorOf(version);
}

/** Finds a pg_dump / pg_restore / psql with a server of the same major version, or says what is missing. */
export function findDumpToolchain(): ToolchainSearch {
  const url = process.env.PG_DUMP_SERVER_URL ?? DEFAULT_SERVER_URL;
  const seen: string[] = [];
  for (const bin of new Set(candidateBinDirs())) {
    if (!['pg_dump', 'pg_restore', 'psql'].every((t) => existsSync(path.join(bin, t)))) continue;
    const major = majorOf(run(path.join(bin, 'pg_dump'), ['--version']) ?? '');
    if (major === undefined) continue;
    seen.push(`pg_dump ${major} in ${bin}`);
    const initdb = path.join(bin, 'initdb');
    const pgCtl = path.join(bin, 'pg_ctl');
    if (existsSync(initdb) && existsSync(pgCtl) && serverUser()) return { found: { bin, major, server: { kind: 'throwaway', initdb, pgCtl } } };
    if (runningServerMajor(bin, url) === major) return { found: { bin, major, server: { kind: 'running', url } } };
  }
  if (seen.length === 0) return { missing: 'no pg_dump / pg_restore / psql found (PG_BINDIR, /usr/lib/postgresql/*/bin, PATH)' };
  return { missing: `${seen.join(', ')}: no initdb/pg_ctl of that version beside it, and no server of that major version at ${url} (PG_DUMP_SERVER_URL)` };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

/** Runs a Postgres binary to completion (as `user` when given); rejects with its output when it fails. */
export function runTool(file: string, args: string[], user?: { uid: number; gid: number }): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { stdio: ['ignore', 'pipe', 'pipe'], ...user });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`${path.basename(file)} ${args.join(' ')} exited ${code}: ${out.trim()}`))));
  });
}

/**
 * A server of the toolchain's version: a throwaway cluster (trust authentication, listening on 127.0.0.1 only,
 * its socket in its own directory) or the running one found.
 */
export async function startDumpServer(toolchain: DumpToolchain): Promise<DumpServer> {
  const { server } = toolchain;
  if (server.kind === 'running') return { adminUrl: server.url, stop: async () => undefined };
  const user = serverUser()!;
  const dir = mkdtempSync(path.join(tmpdir(), 'hubctl-pgdump-'));
  chownSync(dir, user.uid, user.gid);
  const data = path.join(dir, 'data');
  const port = await freePort();
  try {
    await runTool(server.initdb, ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-locale'], user);
    await runTool(server.pgCtl, ['-D', data, '-l', path.join(dir, 'server.log'), '-o', `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1`, '-w', 'start'], user);
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
  return {
    adminUrl: `postgres://postgres@127.0.0.1:${port}/postgres`,
    async stop() {
      await runTool(server.pgCtl, ['-D', data, '-m', 'immediate', '-w', 'stop'], user).catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
