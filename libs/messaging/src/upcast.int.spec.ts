import { randomUUID } from 'node:crypto';
import type { Producer } from 'kafkajs';
import { TOPICS, type ResponseRateChanged, type ResponseRateChangedV1 } from '@hub/contracts';
import { appendToStream, ensureEventStoreSchema } from '@hub/event-store';
import { createScratchDatabase, eventually, readAllMessages, requireEnv, type ScratchDatabase } from '@hub/testing';
import type { ConsumedEvent } from './consumed-event';
import { startConsumer, type RunningConsumer } from './consumer';
import { connectProducer, createKafka } from './kafka';
import { silentLogger } from './logger';
import { startRelay } from './relay';

/**
 * Contract evolution on the real broker: ResponseRateChanged went from v1 to v2. Messages published and events
 * stored before the change stay as they were (v1 bytes, v1 header); consumers must still see the v2 shape.
 */
const brokers = () => requireEnv('KAFKA_BROKERS').split(',');
const kafka = () => createKafka('upcast-int', brokers(), silentLogger);
let db: ScratchDatabase;
let producer: Producer;
let consumer: RunningConsumer | undefined;

const v1 = (unitSor: string, numerator: number, denominator: number): ResponseRateChangedV1 => ({
  indicator: 'response-rate',
  unitSor,
  numerator,
  denominator,
  asOf: '2026-11-01T10:00:00.000Z',
});

/** Starts a consumer of the indicators topic that records what its handler receives for the given units. */
async function collect(units: string[]): Promise<Array<ConsumedEvent<'ResponseRateChanged'>>> {
  const received: Array<ConsumedEvent<'ResponseRateChanged'>> = [];
  consumer = await startConsumer({
    name: `upcast-int-${randomUUID()}`,
    kafka: kafka(),
    pool: db.pool,
    producer,
    topics: [TOPICS.indicators],
    logger: silentLogger,
    handlers: {
      ResponseRateChanged: async (event) => {
        if (units.includes(event.data.unitSor)) received.push(event);
      },
    },
  });
  return received;
}

beforeAll(async () => {
  db = await createScratchDatabase('upcast');
  await ensureEventStoreSchema(db.pool);
  producer = await connectProducer(kafka());
});
afterEach(async () => consumer?.stop());
afterAll(async () => {
  await producer.disconnect();
  await db.drop();
});

describe('consumers see old events in the current contract shape', () => {
  it('a v1 message published before the change reaches the handler as v2', async () => {
    const unitSor = `${Date.now()}`.slice(-9) + '111';
    const eventId = randomUUID();
    await producer.send({
      topic: TOPICS.indicators,
      messages: [{ key: `indicator-response-rate-${unitSor}`, value: JSON.stringify(v1(unitSor, 1, 4)), headers: { 'event-id': eventId, 'event-type': 'ResponseRateChanged', 'schema-version': '1' } }],
    });
    const received = await collect([unitSor]);
    await eventually(async () => received.length, (n) => n > 0, 30_000, 'the handler to receive the v1 message');
    const expected: ResponseRateChanged = { ...v1(unitSor, 1, 4), rate: 0.25, period: { start: null, end: '2026-11-01T10:00:00.000Z' } };
    expect(received.map((e) => ({ eventId: e.eventId, schemaVersion: e.schemaVersion, publishedSchemaVersion: e.publishedSchemaVersion, data: e.data }))).toEqual([
      { eventId, schemaVersion: 2, publishedSchemaVersion: 1, data: expected },
    ]);
  });

  it('a v1 event stored before the change is relayed as written (v1 bytes and header) and consumed as v2', async () => {
    const unitSor = `${Date.now()}`.slice(-9) + '222';
    const stream = `indicator-response-rate-${unitSor}`;
    await appendToStream(db.pool, stream, 0, [{ eventId: randomUUID(), type: 'ResponseRateChanged', schemaVersion: 1, data: v1(unitSor, 0, 0) }]);
    const relay = startRelay({ name: 'upcast-relay', pool: db.pool, producer, logger: silentLogger, pollIntervalMs: 50 });
    await relay.drain();
    await relay.stop();
    const onTopic = (await readAllMessages(brokers(), [TOPICS.indicators])).filter((m) => m.key === stream);
    // The relay publishes stored bytes unchanged (their hash must keep verifying); upcasting is the reader's job.
    expect(onTopic.map((m) => [m.headers['schema-version'], JSON.parse(m.value)])).toEqual([['1', v1(unitSor, 0, 0)]]);
    const received = await collect([unitSor]);
    await eventually(async () => received.length, (n) => n > 0, 30_000, 'the handler to receive the relayed v1 event');
    expect(received[0].data).toEqual({ ...v1(unitSor, 0, 0), rate: null, period: { start: null, end: '2026-11-01T10:00:00.000Z' } });
  });

  it('a message naming a version this build does not know is dead-lettered, never handed to the handler', async () => {
    const unitSor = `${Date.now()}`.slice(-9) + '333';
    const eventId = randomUUID();
    await producer.send({
      topic: TOPICS.indicators,
      messages: [{ key: `indicator-response-rate-${unitSor}`, value: JSON.stringify(v1(unitSor, 1, 1)), headers: { 'event-id': eventId, 'event-type': 'ResponseRateChanged', 'schema-version': '9' } }],
    });
    const received = await collect([unitSor]);
    const letters = await eventually(
      async () => (await readAllMessages(brokers(), [TOPICS.deadLetter])).map((m) => JSON.parse(m.value)).filter((l) => l.eventId === eventId),
      (l) => l.length > 0,
      30_000,
      'the unknown-version message in the dead-letter topic',
    );
    expect(letters[0].reason).toMatch(/unknown schema version 9 \(known: 1, 2\)/);
    expect(received).toEqual([]);
  });
});
