import { randomUUID } from 'node:crypto';
import type { Producer } from 'kafkajs';
import { TOPICS } from '@hub/contracts';
import { appendToStream, ensureEventStoreSchema } from '@hub/event-store';
import { createScratchDatabase, throwawayEnvelope, eventually, readAllMessages, requireEnv, type ScratchDatabase } from '@hub/testing';
import { connectProducer, createKafka } from './kafka';
import { silentLogger } from './logger';
import { startConsumer, type RunningConsumer } from './consumer';
import { PrivacyViolation } from './privacy-guard';
import { startRelay } from './relay';

// The consumer test reads the whole consent topic with a fresh group (other suites fill it): more than 5 s.
jest.setTimeout(60_000);

const brokers = () => requireEnv('KAFKA_BROKERS').split(',');
let db: ScratchDatabase;
let producer: Producer;
const kafka = () => createKafka('messaging-int', brokers(), silentLogger);

const registered = (patientId: string) => ({
  eventId: randomUUID(),
  type: 'PatientRegistered',
  schemaVersion: 2,
  data: { patientId, cpr: throwawayEnvelope(patientId), registeredAt: new Date().toISOString() },
});

beforeAll(async () => {
  db = await createScratchDatabase('msg');
  await ensureEventStoreSchema(db.pool);
  producer = await connectProducer(kafka());
});
afterAll(async () => {
  await producer.disconnect();
  await db.drop();
});

describe('relay and inbox consumer on the real broker', () => {
  let consumer: RunningConsumer | undefined;
  afterEach(async () => consumer?.stop());

  it('the relay publishes committed events in stream order with id, type, version and position headers', async () => {
    const patientId = randomUUID();
    const stream = `patient-${patientId}`;
    await appendToStream(db.pool, stream, 0, [registered(patientId)]);
    await appendToStream(db.pool, stream, 1, [{ eventId: randomUUID(), type: 'ConsentGranted', schemaVersion: 1, data: { patientId, purpose: 'treatment', grantedAt: new Date().toISOString() } }]);
    const relay = startRelay({ name: 'int-relay', pool: db.pool, producer, logger: silentLogger, pollIntervalMs: 50 });
    await eventually(() => relay.drain().then(async () => (await db.pool.query('SELECT 1 FROM relay_checkpoints')).rowCount), (n) => n === 1, 20_000, 'relay checkpoint');
    await relay.stop();
    const ours = (await readAllMessages(brokers(), [TOPICS.consent])).filter((m) => m.key === stream);
    expect(ours.map((m) => [m.headers['event-type'], m.headers['stream-version']])).toEqual([['PatientRegistered', '1'], ['ConsentGranted', '2']]);
    expect(ours.every((m) => /^[0-9a-f-]{36}$/.test(m.headers['event-id']) && Number(m.headers.position) > 0)).toBe(true);
    // The hash chain travels with the messages, so it can be checked from the topic alone.
    expect(ours[0].headers['prev-hash']).toBe('0'.repeat(64));
    expect(ours[1].headers['prev-hash']).toBe(ours[0].headers['event-hash']);
  });

  it('a redelivered event has no second effect, and a poison message is dead-lettered with its reason', async () => {
    await db.pool.query('CREATE TABLE IF NOT EXISTS effects (patient_id uuid, n serial)');
    const patientId = randomUUID();
    const duplicate = registered(patientId);
    const message = {
      key: `patient-${patientId}`,
      value: JSON.stringify(duplicate.data),
      headers: { 'event-id': duplicate.eventId, 'event-type': 'PatientRegistered', 'schema-version': '2' },
    };
    const poisonId = randomUUID();
    const poison = { key: `patient-${patientId}`, value: '{"patientId": "not-a-uuid"}', headers: { 'event-id': poisonId, 'event-type': 'PatientRegistered', 'schema-version': '2' } };
    // Same key → same partition → delivered in this order: event, its duplicate, a poison message.
    await producer.send({ topic: TOPICS.consent, messages: [message, message, poison] });
    consumer = await startConsumer({
      name: `int-consumer-${randomUUID()}`,
      kafka: kafka(),
      pool: db.pool,
      producer,
      topics: [TOPICS.consent],
      logger: silentLogger,
      handlers: {
        PatientRegistered: async (event, tx) => {
          if (event.data.patientId === patientId) await tx.query('INSERT INTO effects (patient_id) VALUES ($1)', [patientId]);
        },
      },
    });
    const letters = await eventually(
      async () => (await readAllMessages(brokers(), [TOPICS.deadLetter])).map((m) => JSON.parse(m.value)).filter((l) => l.eventId === poisonId),
      (l) => l.length > 0,
      30_000,
      'the poison message in the dead-letter topic',
    );
    expect(letters[0].reason).toMatch(/patientId/);
    expect(JSON.stringify(letters[0])).not.toContain('not-a-uuid'); // the letter points at the message, it does not copy it
    const { rows } = await db.pool.query('SELECT count(*)::int AS n FROM effects WHERE patient_id = $1', [patientId]);
    expect(rows[0].n).toBe(1);
  });

  it('stops at once when stopped right after a drain, not after its poll interval', async () => {
    const relay = startRelay({ name: `stop-${randomUUID()}`, pool: db.pool, producer, logger: silentLogger, pollIntervalMs: 60_000 });
    await relay.drain();
    const started = Date.now();
    await relay.stop();
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('refuses to publish a CPR-like value to a non-treatment topic and publishes nothing of the batch', async () => {
    const stream = `quality-${randomUUID()}`;
    const leaking = {
      eventId: randomUUID(),
      type: 'QualityResponseRecorded',
      schemaVersion: 1,
      data: { recordId: randomUUID(), pseudonym: 'ABCDEFGHIJKLMNOP7', dispatchRef: 'a'.repeat(32), unitSor: '123456', questionnaire: { url: 'u', version: '1' }, month: '2026-11', late: false, answers: [{ linkId: 'x', code: '0101901234' }] },
    };
    const guarded = await createScratchDatabase('guard');
    await ensureEventStoreSchema(guarded.pool);
    await appendToStream(guarded.pool, stream, 0, [leaking]);
    const relay = startRelay({ name: 'guard-relay', pool: guarded.pool, producer, logger: silentLogger, pollIntervalMs: 50 });
    await expect(relay.drain()).rejects.toBeInstanceOf(PrivacyViolation);
    await relay.stop();
    await guarded.drop();
    const quality = await readAllMessages(brokers(), [TOPICS.qualityRecords]);
    expect(quality.some((m) => m.key === stream)).toBe(false);
  });
});
