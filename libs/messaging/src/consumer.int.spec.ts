import { randomUUID } from 'node:crypto';
import type { Kafka, Producer } from 'kafkajs';
import { Client } from 'pg';
import { TOPICS } from '@hub/contracts';
import { createScratchDatabase, throwawayEnvelope, eventually, readAllMessages, requireEnv, type ScratchDatabase } from '@hub/testing';
import { startConsumer, type RunningConsumer } from './consumer';
import { connectProducer, createKafka } from './kafka';
import { silentLogger } from './logger';

jest.setTimeout(60_000);

const brokers = () => requireEnv('KAFKA_BROKERS').split(',');
let db: ScratchDatabase;
let kafka: Kafka;
let producer: Producer;
let consumer: RunningConsumer | undefined;

/** A PatientRegistered message for a fresh patient; all share one key so they land in one partition, in order. */
const registration = (key: string) => {
  const patientId = randomUUID();
  const message = { key, value: JSON.stringify({ patientId, cpr: throwawayEnvelope(patientId), registeredAt: new Date().toISOString() }), headers: { 'event-id': randomUUID(), 'event-type': 'PatientRegistered', 'schema-version': '2' } };
  return { patientId, message };
};

async function send(messages: { message: ReturnType<typeof registration>['message'] }[]): Promise<{ partition: number; baseOffset: bigint }> {
  const [meta] = await producer.send({ topic: TOPICS.consent, messages: messages.map((m) => m.message) });
  return { partition: meta.partition, baseOffset: BigInt(meta.baseOffset ?? '0') };
}

/** Starts a consumer whose only effect is a row per registration of the patients the test watches. */
function consume(group: string, watched: Set<string>, extra: { maxAttempts?: number; backoffMs?: number } = {}): Promise<RunningConsumer> {
  return startConsumer({
    name: group,
    kafka,
    pool: db.pool,
    producer,
    topics: [TOPICS.consent],
    logger: silentLogger,
    ...extra,
    handlers: {
      PatientRegistered: async (event, tx) => {
        if (watched.has(event.data.patientId)) await tx.query('INSERT INTO effects (patient_id) VALUES ($1)', [event.data.patientId]);
      },
    },
  });
}

const effectCount = async (ids: Iterable<string>) =>
  (await db.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM effects WHERE patient_id = ANY($1)', [[...ids]])).rows[0].n;

beforeAll(async () => {
  db = await createScratchDatabase('consumer');
  // Idle connections die in the outage test; services log this (connectInfrastructure), the test ignores it.
  db.pool.on('error', () => undefined);
  await db.pool.query('CREATE TABLE effects (patient_id uuid NOT NULL, n serial)');
  kafka = createKafka('consumer-int', brokers(), silentLogger);
  producer = await connectProducer(kafka);
});
afterEach(async () => {
  await consumer?.stop();
  consumer = undefined;
});
afterAll(async () => {
  await producer.disconnect();
  await db.drop();
});

describe('consumer offsets: the database is the source of truth', () => {
  it('after a database restore rewinds its offset, the consumer re-applies from the database offset, not from Kafka’s', async () => {
    const group = `int-restore-${randomUUID()}`;
    const key = `patient-${randomUUID()}`;
    const batch = Array.from({ length: 4 }, () => registration(key));
    const watched = new Set(batch.map((b) => b.patientId));
    const { partition, baseOffset } = await send(batch);
    consumer = await consume(group, watched);
    await eventually(() => effectCount(watched), (n) => n === 4, 30_000, 'four effects');
    await consumer.stop();
    consumer = undefined;
    // Simulate restoring a backup taken after the first two messages: effects, inbox and offset go back.
    const lost = batch.slice(2).map((b) => b.patientId);
    await db.pool.query('DELETE FROM effects WHERE patient_id = ANY($1)', [lost]);
    await db.pool.query('DELETE FROM inbox WHERE consumer = $1 AND "offset" >= $2', [group, (baseOffset + 2n).toString()]);
    await db.pool.query('UPDATE consumer_offsets SET next_offset = $3 WHERE consumer = $1 AND partition = $2 AND topic = $4', [group, partition, (baseOffset + 2n).toString(), TOPICS.consent]);
    // Kafka's committed offset for the group is past all four; resuming from it would lose two effects.
    consumer = await consume(group, watched);
    await eventually(() => effectCount(watched), (n) => n === 4, 30_000, 'the two lost effects re-applied');
    await new Promise((r) => setTimeout(r, 1_000));
    expect(await effectCount(watched)).toBe(4);
  });

  it('when Kafka’s committed offset is behind the database, nothing is applied twice', async () => {
    const group = `int-behind-${randomUUID()}`;
    const key = `patient-${randomUUID()}`;
    const batch = Array.from({ length: 3 }, () => registration(key));
    const watched = new Set(batch.map((b) => b.patientId));
    await send(batch);
    consumer = await consume(group, watched);
    await eventually(() => effectCount(watched), (n) => n === 3, 30_000, 'three effects');
    await consumer.stop();
    consumer = undefined;
    const admin = kafka.admin();
    await admin.connect();
    await admin.resetOffsets({ groupId: group, topic: TOPICS.consent, earliest: true });
    await admin.disconnect();
    const later = registration(key);
    watched.add(later.patientId);
    await send([later]);
    consumer = await consume(group, watched);
    await eventually(() => effectCount(watched), (n) => n === 4, 30_000, 'the new message applied');
    await new Promise((r) => setTimeout(r, 1_000));
    expect(await effectCount(watched)).toBe(4);
  });
});

describe('consumer during a database outage', () => {
  it('pauses and applies the message once the database is back, instead of dead-lettering it', async () => {
    const group = `int-outage-${randomUUID()}`;
    const key = `patient-${randomUUID()}`;
    const warmUp = registration(key);
    const watched = new Set([warmUp.patientId]);
    await send([warmUp]);
    // Few, fast retries: were the outage treated as a handler failure, the message would be dead-lettered quickly.
    consumer = await consume(group, watched, { maxAttempts: 2, backoffMs: 50 });
    await eventually(() => effectCount(watched), (n) => n === 1, 30_000, 'the warm-up message applied');
    const name = new URL(db.url).pathname.slice(1);
    const admin = new Client({ connectionString: requireEnv('DATABASE_URL') });
    await admin.connect();
    try {
      await admin.query(`ALTER DATABASE ${name} ALLOW_CONNECTIONS false`);
      await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [name]);
      const during = registration(key);
      watched.add(during.patientId);
      await send([during]);
      await new Promise((r) => setTimeout(r, 4_000));
      expect(consumer.stats().waitingForDatabase).toBe(true);
      await admin.query(`ALTER DATABASE ${name} ALLOW_CONNECTIONS true`);
      await eventually(() => effectCount(watched), (n) => n === 2, 30_000, 'the message applied after the outage');
      const letters = (await readAllMessages(brokers(), [TOPICS.deadLetter])).map((m) => JSON.parse(m.value)).filter((l) => l.consumer === group && l.eventId === during.message.headers['event-id']);
      expect(letters).toEqual([]);
      expect(consumer.stats().waitingForDatabase).toBe(false);
    } finally {
      await admin.query(`ALTER DATABASE ${name} ALLOW_CONNECTIONS true`).catch(() => undefined);
      await admin.end();
    }
  }, 60_000);
});
