'use strict';
// Waits until the broker in KAFKA_BROKERS accepts a client connection and answers a metadata request.
// Usage: KAFKA_BROKERS=host:port node wait-broker.js [--timeout 90] [--pid <broker pid>]
// With --pid it fails fast when the broker process has died instead of waiting out the timeout.
const { Kafka, logLevel } = require('kafkajs');

function arg(name, dflt) {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1] : dflt;
}

async function main() {
  const brokers = (process.env.KAFKA_BROKERS || '').split(',').filter(Boolean);
  if (brokers.length === 0) throw new Error('KAFKA_BROKERS is not set');
  const timeoutMs = Number(arg('timeout', '90')) * 1000;
  const pid = Number(arg('pid', '0'));
  const started = Date.now();
  let lastError = 'no attempt';
  while (Date.now() - started < timeoutMs) {
    if (pid) {
      try { process.kill(pid, 0); } catch { throw new Error(`broker process ${pid} has exited`); }
    }
    const admin = new Kafka({
      clientId: 'hub-wait', brokers, logLevel: logLevel.NOTHING,
      connectionTimeout: 2000, requestTimeout: 5000, retry: { retries: 0 },
    }).admin();
    try {
      await admin.connect();
      const cluster = await admin.describeCluster();
      // The controller id is only known once the KRaft quorum has elected a leader.
      if (cluster.brokers.length > 0 && cluster.controller !== null && cluster.controller !== -1) {
        await admin.fetchTopicMetadata({ topics: [] });
        console.error(`[kafka] ready at ${brokers.join(',')} after ${((Date.now() - started) / 1000).toFixed(1)}s ` +
          `(cluster ${cluster.clusterId}, controller ${cluster.controller})`);
        return;
      }
      lastError = 'no controller yet';
    } catch (e) {
      lastError = e.message;
    } finally {
      await admin.disconnect().catch(() => {});
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`timed out after ${timeoutMs / 1000}s (last error: ${lastError})`);
}

main().catch((e) => { console.error(`[kafka] not ready: ${e.message}`); process.exit(1); });
