import { randomUUID } from 'node:crypto';
import type { Kafka, Producer } from 'kafkajs';
import { appendToStream, ensureEventStoreSchema } from '@hub/event-store';
import { connectProducer, createKafka, measureLag, silentLogger, startConsumer, startRelay, type RunningConsumer } from '@hub/messaging';
import { createScratchDatabase, eventually, requireEnv, type ScratchDatabase } from '@hub/testing';
import { applyResponseRateEvent, responseRateProjection } from './catalogue';
import { digestRows } from './digest';
import { eventStoreFeed } from './event-store-feed';
import { fillTable, foldInMemory } from './fill';
import type { Projection } from './projection';
import { rebuildFromKafka } from './rebuild';
import { dispatchRecord, newDispatchRef, newUnitSor, responseRecord } from './testing';

jest.setTimeout(60_000);

let store: ScratchDatabase; // the pseudonymisation side: where quality records are written
let indicators: ScratchDatabase; // the indicators side: the live projection
let kafka: Kafka;
let producer: Producer;
let live: RunningConsumer;
// Its own consumer group, so the live table reflects exactly what this test's consumer applied.
const projection: Projection = { ...responseRateProjection, consumer: `rr-live-${randomUUID()}` };
const unit = newUnitSor();
const refs = Array.from({ length: 30 }, newDispatchRef);

async function writeRecords(records: ReturnType<typeof dispatchRecord>[]): Promise<void> {
  for (const record of records) await appendToStream(store.pool, `quality-${randomUUID()}`, 0, [record]);
}

async function liveCaughtUp(): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  await eventually(() => measureLag(admin, indicators.pool, projection.consumer!, [...projection.topics]), (lags) => lags.every((l) => l.lag === 0), 30_000, 'the live consumer to catch up');
  await admin.disconnect();
}

const liveDigest = async () => digestRows(await projection.rows(indicators.pool, projection.table));

beforeAll(async () => {
  [store, indicators] = await Promise.all([createScratchDatabase('rr_store'), createScratchDatabase('rr_live')]);
  await ensureEventStoreSchema(store.pool);
  kafka = createKafka('projections-int', requireEnv('KAFKA_BROKERS').split(','), silentLogger);
  producer = await connectProducer(kafka);
  // 30 dispatches to one unit, 20 answered, responses sometimes before their dispatch.
  await writeRecords(refs.flatMap((ref, i) => (i < 20 ? (i % 3 === 0 ? [responseRecord(ref, unit), dispatchRecord(ref, unit)] : [dispatchRecord(ref, unit), responseRecord(ref, unit)]) : [dispatchRecord(ref, unit)])));
  const relay = startRelay({ name: 'rr-relay', pool: store.pool, producer, logger: silentLogger, pollIntervalMs: 50 });
  await relay.drain();
  await relay.stop();
  await indicators.pool.query(projection.ddl(projection.table));
  live = await startConsumer({
    name: projection.consumer!,
    kafka,
    pool: indicators.pool,
    producer,
    topics: [...projection.topics],
    logger: silentLogger,
    handlers: { QualityDispatchRecorded: (e, tx) => applyResponseRateEvent(tx, projection.table, e).then(() => undefined), QualityResponseRecorded: (e, tx) => applyResponseRateEvent(tx, projection.table, e).then(() => undefined) },
  });
  await liveCaughtUp();
}, 60_000);

afterAll(async () => {
  await live?.stop(); // kafkajs lets the fetch in flight (long poll, up to 5 s) finish first
  await producer?.disconnect();
  await Promise.all([store?.drop(), indicators?.drop()]);
});

describe('projection rebuild on real Postgres and Kafka', () => {
  it('the projection rebuilt from Kafka offset 0 has the live projection’s digest, and is not swapped in', async () => {
    const before = await liveDigest();
    const result = await rebuildFromKafka(indicators.pool, kafka, projection);
    expect(result).toMatchObject({ liveDigest: before, rebuiltDigest: before, swapped: false });
    expect(result.applied).toBeGreaterThanOrEqual(50);
    const ours = projection.report(await projection.rows(indicators.pool, projection.table), { unit });
    expect(ours).toEqual([{ unitSor: unit, numerator: 20, denominator: 30, rate: 20 / 30 }]);
  });

  it('a corrupted live row is detected by digest mismatch and repaired by rebuild and swap', async () => {
    const healthy = await liveDigest();
    await indicators.pool.query(`UPDATE ${projection.table} SET answered = NOT answered WHERE dispatch_ref = $1`, [refs[25]]);
    expect(await liveDigest()).not.toBe(healthy);
    const result = await rebuildFromKafka(indicators.pool, kafka, projection);
    expect(result).toMatchObject({ rebuiltDigest: healthy, swapped: true });
    expect(result.liveDigest).not.toBe(healthy);
    expect(await liveDigest()).toBe(healthy);
    // The swapped-in table is a full replacement: its constraints and indexes carry the live names, so the
    // live consumer's upserts still work and the next rebuild can create its twin again.
    const { rows } = await indicators.pool.query(`SELECT indexname FROM pg_indexes WHERE tablename = $1 ORDER BY indexname`, [projection.table]);
    expect(rows.map((r) => r.indexname)).toEqual([`${projection.table}_pkey`, `${projection.table}_unit`]);
    const again = newDispatchRef();
    await writeRecords([dispatchRecord(again, unit)]);
    const relay = startRelay({ name: 'rr-relay', pool: store.pool, producer, logger: silentLogger, pollIntervalMs: 50 });
    await relay.drain();
    await relay.stop();
    await liveCaughtUp();
    expect(projection.report(await projection.rows(indicators.pool, projection.table), { unit })).toEqual([{ unitSor: unit, numerator: 20, denominator: 31, rate: 20 / 31 }]);
    expect((await rebuildFromKafka(indicators.pool, kafka, projection)).swapped).toBe(false);
  });

  it('a replay from the event store into a scratch table equals the same replay folded in memory', async () => {
    const feed = () => eventStoreFeed(store.pool, { types: projection.eventTypes });
    const table = await fillTable(store.pool, projection, 'rr_scratch', feed());
    const memory = await foldInMemory(projection, feed());
    expect(table.digest).toBe(memory.digest);
    expect(projection.report(memory.rows, { unit })).toEqual([{ unitSor: unit, numerator: 20, denominator: 31, rate: 20 / 31 }]);
  });

  it('a replay up to an instant leaves out what was recorded after it', async () => {
    const cut = new Date();
    await new Promise((r) => setTimeout(r, 20));
    await writeRecords([responseRecord(refs[25], unit)]);
    const at = (until?: Date) => foldInMemory(projection, eventStoreFeed(store.pool, { types: projection.eventTypes, until })).then((f) => projection.report(f.rows, { unit }));
    expect(await at(cut)).toEqual([{ unitSor: unit, numerator: 20, denominator: 31, rate: 20 / 31 }]);
    expect(await at()).toEqual([{ unitSor: unit, numerator: 21, denominator: 31, rate: 21 / 31 }]);
  });

  it('a swap while the live consumer keeps applying loses none of its work (the twin catches up under the lock)', async () => {
    const relay = startRelay({ name: 'rr-relay', pool: store.pool, producer, logger: silentLogger, pollIntervalMs: 20 });
    const extra = Array.from({ length: 80 }, newDispatchRef);
    let writing = true;
    const writer = (async () => {
      for (const ref of extra) {
        await writeRecords([dispatchRecord(ref, unit)]);
        await new Promise((r) => setTimeout(r, 40));
      }
      writing = false;
    })();
    await new Promise((r) => setTimeout(r, 300)); // the consumer is now applying new records as they come
    const result = await rebuildFromKafka(indicators.pool, kafka, projection, { swap: 'always' });
    const stillWriting = writing;
    await writer;
    await relay.drain();
    await relay.stop();
    await liveCaughtUp();
    expect(result.swapped).toBe(true);
    expect(stillWriting).toBe(true); // the swap happened mid-stream, or this proves nothing
    expect(projection.report(await projection.rows(indicators.pool, projection.table), { unit })).toEqual([{ unitSor: unit, numerator: 21, denominator: 111, rate: 21 / 111 }]);
    expect((await rebuildFromKafka(indicators.pool, kafka, projection)).swapped).toBe(false);
  });

  it('refuses to replay into the live table', async () => {
    await expect(fillTable(indicators.pool, projection, projection.table, eventStoreFeed(store.pool, { types: projection.eventTypes }))).rejects.toThrow(/live table/);
  });
});
