import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { promisify } from 'node:util';
import { TOPICS } from '@hub/contracts';
import { appendToStream, ensureEventStoreSchema } from '@hub/event-store';
import { createScratchDatabase, throwawayEnvelope, eventually, readAllMessages, requireEnv, type ScratchDatabase } from '@hub/testing';
import { connectProducer, createKafka } from './kafka';
import { silentLogger } from './logger';
import { startRelay, type Relay } from './relay';
import { checkDelivery } from './testing/delivery-check';

jest.setTimeout(90_000);

const ROOT = path.resolve(__dirname, '../../..');
const kafkaSh = (command: 'stop' | 'start' | 'wait') =>
  promisify(execFile)('bash', [path.join(ROOT, 'deploy/kafka/kafka.sh'), command], { env: { ...process.env, HUB_RUN_DIR: requireEnv('HUB_RUN_DIR') }, timeout: 60_000 });

let db: ScratchDatabase;
beforeAll(async () => {
  db = await createScratchDatabase('restart');
  await ensureEventStoreSchema(db.pool);
});
afterAll(async () => {
  await kafkaSh('start').then(() => kafkaSh('wait')).catch(() => undefined); // never leave the suite without a broker
  await db.drop();
});

describe('broker restart under load', () => {
  it('the relay rides out a broker stop and start: afterwards every event arrived, in order per stream', async () => {
    // Counts what the relay and kafkajs log: an outage must be reported, but not by a busy retry loop.
    const complaints: string[] = [];
    const logger = { ...silentLogger, warn: (_: object, m: string) => void complaints.push(m), error: (_: object, m: string) => void complaints.push(m) };
    const kafka = createKafka('restart-int', requireEnv('KAFKA_BROKERS').split(','), logger);
    const relay: Relay = startRelay({ name: 'restart-relay', pool: db.pool, producer: () => connectProducer(kafka), logger, pollIntervalMs: 20, batchSize: 20, backoff: { initialMs: 100, maxMs: 2_000 } });
    const prefix = `restart-${randomUUID()}`;
    const written = new Map<string, string[]>();
    const versions = new Map<string, number>();
    const append = async (n: number) => {
      for (let i = 0; i < n; i++) {
        const stream = `${prefix}-${i % 8}`;
        const version = versions.get(stream) ?? 0;
        const event = version === 0
          ? ((patientId) => ({ eventId: randomUUID(), type: 'PatientRegistered', schemaVersion: 2, data: { patientId, cpr: throwawayEnvelope(patientId), registeredAt: new Date().toISOString() } }))(randomUUID())
          : { eventId: randomUUID(), type: 'ConsentGranted', schemaVersion: 1, data: { patientId: randomUUID(), purpose: 'treatment', grantedAt: new Date().toISOString() } };
        await appendToStream(db.pool, stream, version, [event]);
        versions.set(stream, version + 1);
        written.set(stream, [...(written.get(stream) ?? []), event.eventId]);
        await new Promise((r) => setTimeout(r, 10));
      }
    };
    try {
      await append(60); // published while the broker is up
      const stopping = kafkaSh('stop');
      await append(60); // written while the broker goes down and is down
      await stopping;
      await append(30);
      await kafkaSh('start');
      await kafkaSh('wait');
      await append(30); // and while it comes back
      const last = Number((await db.pool.query('SELECT max(global_position) AS p FROM events')).rows[0].p);
      await eventually(async () => Number((await db.pool.query(`SELECT global_position FROM relay_checkpoints WHERE relay = 'restart-relay'`)).rows[0]?.global_position ?? 0), (p) => p === last, 45_000, 'the relay to publish everything after the restart');
    } finally {
      await relay.stop();
    }
    const delivered = (await readAllMessages(requireEnv('KAFKA_BROKERS').split(','), [TOPICS.consent])).map((m) => ({ key: m.key, eventId: m.headers['event-id'], partition: m.partition, offset: m.offset }));
    const report = checkDelivery(written, delivered);
    expect(report.missing).toEqual([]);
    expect(report.outOfOrder).toEqual([]);
    expect([...written.values()].flat()).toHaveLength(180);
    expect(complaints.length).toBeGreaterThan(0);
    expect(complaints.length).toBeLessThan(300); // a 20 ms poll loop retrying flat out would log thousands
    process.stderr.write(`broker restart: ${report.duplicates} re-sent, ${complaints.length} warnings/errors logged: ${JSON.stringify(Object.fromEntries(complaints.reduce((m, c) => m.set(c, (m.get(c) ?? 0) + 1), new Map<string, number>())))}\n`);
  });
});
