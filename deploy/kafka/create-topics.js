'use strict';
// Applies deploy/topics.yaml to the broker in KAFKA_BROKERS: creates missing topics with their configs,
// checks the partition count of existing ones, and brings drifted topic configs back to the declared values.
// Idempotent. Exit code 1 when a topic cannot be reconciled (e.g. wrong partition count).
// Usage: KAFKA_BROKERS=host:port node deploy/kafka/create-topics.js [path/to/topics.yaml]
process.env.KAFKAJS_NO_PARTITIONER_WARNING = '1';
const fs = require('node:fs');
const path = require('node:path');
const YAML = require('yaml');
const { Kafka, logLevel, ConfigResourceTypes } = require('kafkajs');

const NAME_RULE = /^pro\.(treatment|quality|public|ops|research\.[a-z0-9-]+)\.[a-z0-9-]+\.v[1-9][0-9]*$/;
const CLEANUP = new Set(['delete', 'compact', 'compact,delete', 'delete,compact']);

function loadTopics(file) {
  const doc = YAML.parse(fs.readFileSync(file, 'utf8'));
  if (!doc || !Array.isArray(doc.topics)) throw new Error(`${file}: expected a top-level "topics" list`);
  const seen = new Set();
  return doc.topics.map((t, i) => {
    const where = `${file}: topics[${i}] (${t && t.name})`;
    const m = NAME_RULE.exec(t.name || '');
    if (!m) throw new Error(`${where}: name must match pro.<classification>.<subject>.v<N>`);
    if (m[1] !== t.classification) throw new Error(`${where}: classification "${t.classification}" does not match the name`);
    if (seen.has(t.name)) throw new Error(`${where}: duplicate topic`);
    seen.add(t.name);
    if (!Number.isInteger(t.partitions) || t.partitions < 1) throw new Error(`${where}: partitions must be a positive integer`);
    if (!Number.isInteger(t['retention.ms']) || t['retention.ms'] < -1) throw new Error(`${where}: retention.ms must be -1 or a positive integer`);
    if (!CLEANUP.has(t['cleanup.policy'])) throw new Error(`${where}: bad cleanup.policy`);
    if (!t.description) throw new Error(`${where}: description is required`);
    return {
      name: t.name,
      partitions: t.partitions,
      configs: { 'retention.ms': String(t['retention.ms']), 'cleanup.policy': t['cleanup.policy'] },
    };
  });
}

// Topics made at run time from a template (pro.research.{project}.v1, made by the pseudonymisation service per
// project): not created here, but not reported as undeclared either.
function loadTemplates(file) {
  const doc = YAML.parse(fs.readFileSync(file, 'utf8'));
  return (doc.templates || []).map((t) => new RegExp(`^${t.name.replace(/\./g, '\\.').replace('{project}', '[a-z0-9-]+')}$`));
}

async function main() {
  const file = process.argv[2] || path.join(__dirname, '..', 'topics.yaml');
  const wanted = loadTopics(file);
  const templates = loadTemplates(file);
  const brokers = (process.env.KAFKA_BROKERS || '').split(',').filter(Boolean);
  if (brokers.length === 0) throw new Error('KAFKA_BROKERS is not set');

  const admin = new Kafka({ clientId: 'hub-create-topics', brokers, logLevel: logLevel.WARN }).admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const missing = wanted.filter((t) => !existing.has(t.name));
    if (missing.length > 0) {
      await admin.createTopics({
        waitForLeaders: true,
        topics: missing.map((t) => ({
          topic: t.name,
          numPartitions: t.partitions,
          replicationFactor: -1, // broker default (1 on the local single node)
          configEntries: Object.entries(t.configs).map(([name, value]) => ({ name, value })),
        })),
      });
    }

    const meta = await admin.fetchTopicMetadata({ topics: wanted.map((t) => t.name) });
    const partitionsOf = new Map(meta.topics.map((t) => [t.name, t.partitions.length]));
    const described = await admin.describeConfigs({
      includeSynonyms: false,
      resources: wanted.map((t) => ({ type: ConfigResourceTypes.TOPIC, name: t.name })),
    });
    const configsOf = new Map(described.resources.map((r) =>
      [r.resourceName, Object.fromEntries(r.configEntries.map((c) => [c.configName, c.configValue]))]));

    const rows = [];
    let failed = false;
    for (const t of wanted) {
      const notes = [];
      let state = missing.includes(t) ? 'created' : 'ok';
      const actualParts = partitionsOf.get(t.name);
      if (actualParts !== t.partitions) {
        // Never repartition automatically: it changes which partition a key lands on.
        notes.push(`partitions ${actualParts} != declared ${t.partitions}`);
        state = 'MISMATCH';
        failed = true;
      }
      const actual = configsOf.get(t.name) || {};
      const drift = Object.entries(t.configs).filter(([k, v]) => actual[k] !== v);
      if (drift.length > 0) {
        // alterConfigs replaces the topic's whole dynamic config; topics.yaml declares all of it.
        await admin.alterConfigs({
          validateOnly: false,
          resources: [{
            type: ConfigResourceTypes.TOPIC, name: t.name,
            configEntries: Object.entries(t.configs).map(([name, value]) => ({ name, value })),
          }],
        });
        notes.push(`config fixed: ${drift.map(([k, v]) => `${k} ${actual[k]}->${v}`).join(', ')}`);
        if (state === 'ok') state = 'updated';
      }
      rows.push([t.name, String(actualParts), t.configs['retention.ms'], t.configs['cleanup.policy'], state, notes.join('; ')]);
    }

    const undeclared = [...existing].filter((n) => !n.startsWith('__') && !wanted.some((t) => t.name === n) && !templates.some((re) => re.test(n)));
    const header = ['topic', 'parts', 'retention.ms', 'cleanup', 'state', ''];
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
    const fmt = (r) => r.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd();
    console.log(fmt(header));
    rows.forEach((r) => console.log(fmt(r)));
    if (undeclared.length > 0) console.log(`note: topics on the broker not in topics.yaml: ${undeclared.join(', ')}`);
    if (failed) throw new Error('some topics do not match topics.yaml (see above)');
  } finally {
    await admin.disconnect();
  }
}

main().catch((e) => { console.error(`[topics] ERROR: ${e.message}`); process.exit(1); });
