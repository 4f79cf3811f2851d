import { spawn, type ChildProcess } from 'node:child_process';
import { createHash, generateKeyPairSync, randomBytes } from 'node:crypto';
import { createWriteStream, existsSync, mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';

export const SERVICE_NAMES = ['consent', 'dispatch', 'intake', 'pseudonymisation', 'indicators'] as const;
export type ServiceName = (typeof SERVICE_NAMES)[number];

export interface RunningService {
  name: ServiceName;
  url: string;
  process: ChildProcess;
}

/** The workspace root: the nearest folder with a package.json (sources run from libs/, the benchmarks from dist/libs/). */
function workspaceRoot(from: string): string {
  for (let dir = from; dir !== path.dirname(dir); dir = path.dirname(dir)) if (existsSync(path.join(dir, 'package.json'))) return dir;
  throw new Error(`no package.json above ${from}`);
}

const ROOT = workspaceRoot(__dirname);

/** The environment variable holding a service's own database URL, as deploy/infra.sh writes it. */
export const databaseUrlVar = (name: ServiceName) => `${name.toUpperCase()}_DATABASE_URL`;

export function requireEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run the tests through \`npm test\`, which provisions Kafka and Postgres`);
  return value;
}

/**
 * The audit signing key test services get (one per test process): services refuse to start without one, and
 * tests verify the services' signed checkpoints with its public half.
 */
export const TEST_AUDIT_KEY = generateKeyPairSync('ed25519');
/** TEST_AUDIT_KEY's private half as AUDIT_SIGNING_KEY takes it, for services started in-process. */
export const TEST_AUDIT_SIGNING_KEY = TEST_AUDIT_KEY.privateKey.export({ type: 'pkcs8', format: 'der' }).toString('base64');

/** The consent service's SUBJECT_MASTER_KEY in tests (base64 of 32 bytes, one per test process). */
export const TEST_SUBJECT_MASTER_KEY = randomBytes(32).toString('base64');

/**
 * Intake's own SUBJECT_MASTER_KEY in tests (it keeps its own key store, apart from consent's): like the pseudonym
 * key below, the same for every spec file against one provisioned infrastructure, because every spec's intake
 * shares intake's database and must open the patient keys an earlier spec wrapped there.
 */
export function testIntakeSubjectMasterKey(): string {
  return createHash('sha256').update(`pro-hub test intake subject master key\n${requireEnv('DATABASE_URL')}`).digest('base64');
}

/**
 * The pseudonymisation service's PSEUDONYM_MASTER_KEY in tests: the same for every spec file run against one
 * provisioned infrastructure (derived from its admin DATABASE_URL, which holds a generated password), because
 * the service stores its domain keys wrapped under it and every spec shares the service's database. A random
 * key per spec would leave the next spec unable to open the keys the previous one made.
 */
export function testPseudonymMasterKey(): string {
  return createHash('sha256').update(`pro-hub test pseudonym master key\n${requireEnv('DATABASE_URL')}`).digest('base64');
}

/**
 * Starts one built service as its own process (Node 24, as in production), logging to .run/test-logs.
 * The caller must have built the workspace (npm test does).
 */
export function startService(name: ServiceName, port: number, extraEnv: Record<string, string> = {}): RunningService {
  const logDir = path.join(ROOT, '.run', 'test-logs');
  mkdirSync(logDir, { recursive: true });
  const log = createWriteStream(path.join(logDir, `${name}.log`), { flags: 'a' });
  const child = spawn(process.execPath, ['-r', path.join(ROOT, 'scripts/runtime-paths.cjs'), path.join(ROOT, `dist/services/${name}/src/main.js`)], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: requireEnv(databaseUrlVar(name)), PORT: String(port), LOG_LEVEL: 'info', AUDIT_SIGNING_KEY: TEST_AUDIT_SIGNING_KEY, ...(name === 'consent' ? { SUBJECT_MASTER_KEY: TEST_SUBJECT_MASTER_KEY } : {}), ...(name === 'intake' ? { SUBJECT_MASTER_KEY: testIntakeSubjectMasterKey() } : {}), ...(name === 'pseudonymisation' ? { PSEUDONYM_MASTER_KEY: testPseudonymMasterKey() } : {}), ...extraEnv },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  return { name, url: `http://127.0.0.1:${port}`, process: child };
}

/** A port free on loopback right now, so parallel test runs (other checkouts, CI) never collide on fixed ports. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Polls `/health` until the service says database and Kafka are up. */
export async function waitHealthy(service: RunningService, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (service.process.exitCode !== null) throw new Error(`${service.name} exited with ${service.process.exitCode}; see .run/test-logs/${service.name}.log`);
    const ok = await fetch(`${service.url}/health`).then((r) => r.ok).catch(() => false);
    if (ok) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${service.name} not healthy within ${timeoutMs} ms; see .run/test-logs/${service.name}.log`);
}

/**
 * SIGTERM, as an orchestrator would. Resolves 'graceful' when the service shut itself down in time (Nest
 * re-raises the signal once its shutdown hooks are done), 'killed' when it had to be SIGKILLed.
 */
export function stopService(service: RunningService, timeoutMs = 15_000): Promise<'graceful' | 'killed'> {
  return new Promise((resolve) => {
    if (service.process.exitCode !== null || service.process.signalCode !== null) return resolve('graceful');
    let killed = false;
    const timer = setTimeout(() => {
      killed = true;
      service.process.kill('SIGKILL');
    }, timeoutMs);
    service.process.once('exit', () => {
      clearTimeout(timer);
      resolve(killed ? 'killed' : 'graceful');
    });
    service.process.kill('SIGTERM');
  });
}
