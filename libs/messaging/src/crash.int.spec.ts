import { randomBytes, randomUUID } from 'node:crypto';
import type { ChildProcess } from 'node:child_process';
import type { Producer } from 'kafkajs';
import { TOPICS } from '@hub/contracts';
import { appendToStream, ensureEventStoreSchema } from '@hub/event-store';
import { createScratchDatabase, throwawayEnvelope, eventually, readAllMessages, requireEnv, type ScratchDatabase } from '@hub/testing';
import { connectProducer, createKafka } from './kafka';
import { silentLogger } from './logger';
import { RELAY_DDL } from './relay';
import { killHard, startRunner } from './testing/child-process';
import { checkDelivery } from './testing/delivery-check';

jest.setTimeout(60_000);

const brokers = () => requireEnv('KAFKA_BROKERS');
let db: ScratchDatabase;
let producer: Producer;
const children: ChildProcess[] = [];

beforeAll(async () => {
  db = await createScratchDatabase('crash');
  await ensureEventStoreSchema(db.pool);
  await db.pool.query(RELAY_DDL);
  producer = await connectProducer(createKafka('crash-int', brokers().split(','), silentLogger));
});
afterAll(async () => {
  await Promise.all(children.map(killHard));
  await producer.disconnect();
  await db.drop();
});

const traceparent = () => `00-${randomBytes(16).toString('hex')}-${randomBytes(8).toString('hex')}-01`;
const position = async (relay: string) => Number((await db.pool.query('SELECT global_position FROM relay_checkpoints WHERE relay = $1', [relay])).rows[0]?.global_position ?? 0);

describe('kill -9 mid-stream', () => {
  it('a relay killed mid-stream and restarted publishes every event, in order per stream', async () => {
    const prefix = `crash-relay-${randomUUID()}`;
    const written = new Map<string, string[]>();
    // 100 streams × 15 events, interleaved, sent in batches of 5: about 300 sends, so the kill lands mid-stream
    // even though the relay pipelines its sends (a few hundred events were gone before a kill could land).
    for (let v = 1; v <= 15; v++) {
      for (let s = 0; s < 100; s++) {
        const stream = `${prefix}-${s}`;
        const patientId = randomUUID();
        const event = v === 1
          ? { eventId: randomUUID(), type: 'PatientRegistered', schemaVersion: 2, data: { patientId, cpr: throwawayEnvelope(patientId), registeredAt: new Date().toISOString() }, metadata: { traceparent: traceparent() } }
          : { eventId: randomUUID(), type: 'ConsentGranted', schemaVersion: 1, data: { patientId, purpose: 'treatment', grantedAt: new Date().toISOString() }, metadata: { traceparent: traceparent() } };
        await appendToStream(db.pool, stream, v - 1, [event]);
        written.set(stream, [...(written.get(stream) ?? []), event.eventId]);
      }
    }
    const last = Number((await db.pool.query('SELECT max(global_position) AS p FROM events')).rows[0].p);
    const env = { DATABASE_URL: db.url, KAFKA_BROKERS: brokers(), RELAY_NAME: prefix, RELAY_BATCH_SIZE: '5' };
    const first = await startRunner('relay-runner', env);
    children.push(first);
    await eventually(() => position(prefix), (p) => p >= 20, 30_000, 'the relay to publish some events');
    await killHard(first);
    const atKill = await position(prefix);
    expect(atKill).toBeLessThan(last); // killed mid-stream, or the test proves nothing
    const second = await startRunner('relay-runner', env);
    children.push(second);
    await eventually(() => position(prefix), (p) => p === last, 30_000, 'the restarted relay to catch up');
    await killHard(second);
    const delivered = (await readAllMessages(brokers().split(','), [TOPICS.consent])).map((m) => ({ key: m.key, eventId: m.headers['event-id'], partition: m.partition, offset: m.offset }));
    const report = checkDelivery(written, delivered);
    expect(report.missing).toEqual([]);
    expect(report.outOfOrder).toEqual([]);
  });

  it('a consumer killed mid-batch and restarted applies every event exactly once', async () => {
    const prefix = `crash-consumer-${randomUUID()}`;
    const ids: string[] = [];
    const messages = Array.from({ length: 300 }, (_, i) => {
      const eventId = randomUUID();
      ids.push(eventId);
      const patientId = randomUUID();
      return { key: `${prefix}-${i % 10}`, value: JSON.stringify({ patientId, cpr: throwawayEnvelope(patientId), registeredAt: new Date().toISOString() }), headers: { 'event-id': eventId, 'event-type': 'PatientRegistered', 'schema-version': '2' } };
    });
    for (let i = 0; i < messages.length; i += 50) await producer.send({ topic: TOPICS.consent, messages: messages.slice(i, i + 50) });
    const consumerDb = await createScratchDatabase('crash_consumer');
    try {
      const counts = async () => (await consumerDb.pool.query<{ n: number; distinct: number }>('SELECT count(*)::int AS n, count(DISTINCT event_id)::int AS distinct FROM effects')).rows[0];
      const env = { DATABASE_URL: consumerDb.url, KAFKA_BROKERS: brokers(), GROUP: prefix, TOPIC: TOPICS.consent, KEY_PREFIX: prefix };
      const first = await startRunner('consumer-runner', env);
      children.push(first);
      await eventually(counts, (c) => c.n >= 40, 30_000, 'the consumer to apply some events');
      await killHard(first);
      expect((await counts()).n).toBeLessThan(300);
      const second = await startRunner('consumer-runner', env);
      children.push(second);
      await eventually(counts, (c) => c.distinct === 300, 40_000, 'every event applied after the restart');
      await new Promise((r) => setTimeout(r, 500));
      await killHard(second);
      expect(await counts()).toEqual({ n: 300, distinct: 300 });
      const applied = (await consumerDb.pool.query<{ event_id: string }>('SELECT event_id FROM effects')).rows.map((r) => r.event_id);
      expect(new Set(applied)).toEqual(new Set(ids));
    } finally {
      await consumerDb.drop();
    }
  });
});
