/**
 * Each service connects as its own login role that owns only its database (deploy/postgres/postgres.js), so
 * one service's credentials cannot open another's: in particular the quality side (indicators,
 * pseudonymisation) cannot read the treatment side (consent, intake). Checked on the infrastructure the tests
 * run on, then on throwaway provisioning runs: repeated (idempotent), by a managed-Postgres style admin (CREATEROLE,
 * not superuser), and by an admin without CREATEROLE, which falls back to shared credentials with a warning.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { databaseUrlVar, requireEnv, SERVICE_NAMES, type ServiceName } from './services';

jest.setTimeout(120_000);

const ROOT = path.resolve(__dirname, '../../..');
const urlOf = (service: ServiceName) => requireEnv(databaseUrlVar(service));
const databaseOf = (url: string) => new URL(url).pathname.slice(1);
const withDatabase = (url: string, database: string) => Object.assign(new URL(url), { pathname: `/${database}` }).toString();
const withUser = (url: string, user: string, password: string) => Object.assign(new URL(url), { username: user, password }).toString();

/** Connects and says who it is, or the server's refusal. */
async function open(url: string): Promise<{ user: string; database: string; superuser: boolean } | { refused: string }> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  try {
    await client.connect();
    const { rows } = await client.query<{ user: string; database: string; superuser: boolean }>(
      'SELECT current_user AS user, current_database() AS database, rolsuper AS superuser FROM pg_roles WHERE rolname = current_user',
    );
    return rows[0];
  } catch (err) {
    return { refused: (err as Error).message };
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function admin<T>(work: (c: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: requireEnv('DATABASE_URL') });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

describe('the provisioned service databases', () => {
  it("the indicators service's credentials open hub_indicators and are refused by intake's and consent's databases", async () => {
    const indicators = urlOf('indicators');
    expect(await open(indicators)).toEqual({ user: new URL(indicators).username, database: databaseOf(indicators), superuser: false });
    for (const other of ['intake', 'consent'] as const) {
      const target = databaseOf(urlOf(other));
      expect(await open(withDatabase(indicators, target))).toEqual({ refused: `permission denied for database "${target}"` });
    }
  });

  it('every service session ends a transaction left idle for a minute (a leaked one would stall every reader on the server)', async () => {
    for (const service of SERVICE_NAMES) {
      const client = new Client({ connectionString: urlOf(service) });
      await client.connect();
      try {
        const { rows } = await client.query<{ idle_in_transaction_session_timeout: string }>('SHOW idle_in_transaction_session_timeout');
        expect([service, rows[0].idle_in_transaction_session_timeout]).toEqual([service, '1min']);
      } finally {
        await client.end();
      }
    }
  });

  it("the pseudonymisation service's credentials are refused by intake's and consent's databases too", async () => {
    for (const other of ['intake', 'consent'] as const) {
      const target = databaseOf(urlOf(other));
      expect(await open(withDatabase(urlOf('pseudonymisation'), target))).toEqual({ refused: `permission denied for database "${target}"` });
    }
  });
});

describe('provisioning (deploy/postgres/postgres.js against an external server)', () => {
  const runDir = mkdtempSync(path.join(tmpdir(), 'hub-pg-'));
  const suffix = Math.random().toString(36).slice(2, 8);
  const admins = { createrole: `iso_cr_${suffix}`, createdb: `iso_db_${suffix}` };
  const adminDatabase = databaseOf(requireEnv('DATABASE_URL'));

  const provision = (command: 'start' | 'drop', prefix: string, adminUrl: string) => {
    const res = spawnSync(process.execPath, [path.join(ROOT, 'deploy/postgres/postgres.js'), command], {
      env: { ...process.env, DATABASE_URL: adminUrl, HUB_DB_PREFIX: prefix, HUB_RUN_DIR: runDir },
      encoding: 'utf8',
    });
    if (res.status !== 0) throw new Error(`postgres.js ${command} failed: ${res.stderr}`);
    const env = Object.fromEntries(res.stdout.trim().split('\n').filter(Boolean).map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));
    return { env, warnings: res.stderr.split('\n').filter((l) => l.includes('WARNING')) };
  };

  beforeAll(async () => {
    await admin(async (c) => {
      await c.query(`CREATE ROLE ${admins.createrole} LOGIN CREATEDB CREATEROLE PASSWORD 'pw'`);
      await c.query(`CREATE ROLE ${admins.createdb} LOGIN CREATEDB PASSWORD 'pw'`);
      await c.query(`GRANT CONNECT ON DATABASE ${adminDatabase} TO ${admins.createrole}, ${admins.createdb}`);
    });
  });

  afterAll(async () => {
    await admin(async (c) => {
      for (const prefix of [`iso_a_${suffix}`, `iso_b_${suffix}`, `iso_c_${suffix}`]) {
        for (const s of ['consent', 'dispatch', 'intake', 'pseudonymisation', 'indicators']) {
          await c.query(`DROP DATABASE IF EXISTS ${prefix}_${s} WITH (FORCE)`);
          await c.query(`DROP ROLE IF EXISTS ${prefix}_${s}`);
        }
      }
      await c.query(`REVOKE CONNECT ON DATABASE ${adminDatabase} FROM ${admins.createrole}, ${admins.createdb}`);
      await c.query(`DROP ROLE IF EXISTS ${admins.createrole}`);
      await c.query(`DROP ROLE IF EXISTS ${admins.createdb}`);
    });
    rmSync(runDir, { recursive: true, force: true });
  });

  it('runs repeatedly with the same result, and keeps each role to its own database', async () => {
    const prefix = `iso_a_${suffix}`;
    const first = provision('start', prefix, requireEnv('DATABASE_URL'));
    const again = provision('start', prefix, requireEnv('DATABASE_URL'));
    expect(again.env).toEqual(first.env);
    expect(first.env.POSTGRES_ROLES).toBe('per-service');
    expect(await open(first.env.INDICATORS_DATABASE_URL)).toMatchObject({ user: `${prefix}_indicators`, database: `${prefix}_indicators`, superuser: false });
    expect(await open(withDatabase(first.env.INDICATORS_DATABASE_URL, `${prefix}_consent`))).toEqual({ refused: `permission denied for database "${prefix}_consent"` });
    provision('drop', prefix, requireEnv('DATABASE_URL'));
    expect(await admin(async (c) => (await c.query('SELECT datname FROM pg_database WHERE datname LIKE $1', [`${prefix}_%`])).rows)).toEqual([]);
  });

  it('works for an admin with CREATEROLE that is not a superuser (managed Postgres)', async () => {
    const prefix = `iso_b_${suffix}`;
    const { env, warnings } = provision('start', prefix, withUser(requireEnv('DATABASE_URL'), admins.createrole, 'pw'));
    expect(warnings).toEqual([]);
    expect(await open(env.INTAKE_DATABASE_URL)).toMatchObject({ user: `${prefix}_intake`, database: `${prefix}_intake` });
    expect(await open(withDatabase(env.PSEUDONYMISATION_DATABASE_URL, `${prefix}_intake`))).toEqual({ refused: `permission denied for database "${prefix}_intake"` });
    expect(provision('start', prefix, withUser(requireEnv('DATABASE_URL'), admins.createrole, 'pw')).env).toEqual(env);
  });

  it('falls back to the admin’s own credentials, with a warning, when it may not create roles', async () => {
    const prefix = `iso_c_${suffix}`;
    const adminUrl = withUser(requireEnv('DATABASE_URL'), admins.createdb, 'pw');
    const { env, warnings } = provision('start', prefix, adminUrl);
    expect(warnings).toEqual([expect.stringContaining(`${admins.createdb} may not create roles`)]);
    expect(env.POSTGRES_ROLES).toBe('shared');
    expect(env.CONSENT_DATABASE_URL).toBe(withDatabase(adminUrl, `${prefix}_consent`));
    expect(await open(env.CONSENT_DATABASE_URL)).toMatchObject({ user: admins.createdb, database: `${prefix}_consent` });
    expect(provision('start', prefix, adminUrl).env).toEqual(env);
    provision('drop', prefix, adminUrl);
  });
});
