'use strict';
// Checks a running infrastructure against its declaration. Reads the environment written by infra.sh:
//   node --env-file=.run/infra.env deploy/verify-infra.js
// Kafka: every topic in topics.yaml exists with the declared partitions, retention.ms and cleanup.policy,
// and auto-creation is off. Postgres: each service role opens its own database and is refused by every other.
process.env.KAFKAJS_NO_PARTITIONER_WARNING = '1';
const fs = require('node:fs');
const path = require('node:path');
const YAML = require('yaml');
const pg = require('pg');
const { Kafka, logLevel, ConfigResourceTypes } = require('kafkajs');

const SERVICES = ['consent', 'dispatch', 'intake', 'pseudonymisation', 'indicators'];
let failures = 0;
const check = (ok, what) => { console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}`); if (!ok) failures++; };

async function kafka() {
  const { topics } = YAML.parse(fs.readFileSync(path.join(__dirname, 'topics.yaml'), 'utf8'));
  const admin = new Kafka({ clientId: 'hub-verify', brokers: process.env.KAFKA_BROKERS.split(','), logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    const meta = await admin.fetchTopicMetadata({ topics: topics.map((t) => t.name) });
    const { resources } = await admin.describeConfigs({
      includeSynonyms: false, resources: topics.map((t) => ({ type: ConfigResourceTypes.TOPIC, name: t.name })),
    });
    for (const t of topics) {
      const parts = meta.topics.find((m) => m.name === t.name)?.partitions.length;
      const cfg = Object.fromEntries(resources.find((r) => r.resourceName === t.name).configEntries.map((c) => [c.configName, c.configValue]));
      check(parts === t.partitions && cfg['retention.ms'] === String(t['retention.ms']) && cfg['cleanup.policy'] === t['cleanup.policy'],
        `topic ${t.name}: partitions=${parts} retention.ms=${cfg['retention.ms']} cleanup.policy=${cfg['cleanup.policy']}`);
    }
    const broker = (await admin.describeCluster()).brokers[0];
    const { resources: [b] } = await admin.describeConfigs({
      includeSynonyms: false, resources: [{ type: ConfigResourceTypes.BROKER, name: String(broker.nodeId), configNames: ['auto.create.topics.enable'] }],
    });
    check(b.configEntries[0].configValue === 'false', 'broker auto.create.topics.enable=false');
  } finally {
    await admin.disconnect();
  }
}

async function tryConnect(url, database) {
  const u = new URL(url);
  if (database) u.pathname = `/${database}`;
  const client = new pg.Client({ connectionString: u.toString(), connectionTimeoutMillis: 5000 });
  try { await client.connect(); const r = await client.query('SELECT current_user, current_database()'); return { ok: true, row: r.rows[0] }; }
  catch (e) { return { ok: false, error: e.message }; }
  finally { await client.end().catch(() => {}); }
}

async function postgres() {
  check((await tryConnect(process.env.DATABASE_URL)).ok, 'admin DATABASE_URL connects');
  for (const s of SERVICES) {
    const url = process.env[`${s.toUpperCase()}_DATABASE_URL`];
    const own = new URL(url).pathname.slice(1);
    const r = await tryConnect(url);
    check(r.ok && r.row.current_database === own, `${s}: connects to own db ${own}${r.ok ? '' : ` (${r.error})`}`);
    // Can the role create a table in its own database (owns the public schema via pg_database_owner)?
    const c = new pg.Client({ connectionString: url });
    try { await c.connect(); await c.query('CREATE TABLE verify_probe (id int); DROP TABLE verify_probe'); check(true, `${s}: can create tables`); }
    catch (e) { check(false, `${s}: can create tables (${e.message})`); }
    finally { await c.end().catch(() => {}); }
    for (const other of SERVICES.filter((o) => o !== s)) {
      const otherDb = new URL(process.env[`${other.toUpperCase()}_DATABASE_URL`]).pathname.slice(1);
      const x = await tryConnect(url, otherDb);
      check(!x.ok, `${s}: refused by ${otherDb}${x.ok ? '' : ` (${x.error})`}`);
    }
  }
}

(async () => {
  await kafka();
  await postgres();
  console.log(failures ? `${failures} check(s) FAILED` : 'all checks passed');
  process.exit(failures ? 1 : 0);
})().catch((e) => { console.error(`verify: ${e.message}`); process.exit(1); });
