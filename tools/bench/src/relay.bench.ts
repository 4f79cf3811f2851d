/**
 * Relay throughput against the physical limit of the same producer: our outbox relay drains N pre-written
 * events from a fresh event store to Kafka; the reference is a bare kafkajs producer (same idempotent
 * settings, built by the same connectProducer) sending the same N messages (key, value and every header, built
 * by the relay's own toMessage) in batches of the same size, the messages built beforehand. The ratio is what
 * the relay costs on top of Kafka: reading the log, contracts, the privacy guard, spans, the checkpoint.
 *
 * Until 2026-11-25 the reference sent only 5 of the 9 headers (not the hashes, recorded-at and metadata),
 * which kafkajs encodes one small buffer each: the bare producer then sent lighter messages than the relay
 * must, and its figure was not the limit for these messages.
 */
import { randomUUID } from 'node:crypto';
import type { Producer } from 'kafkajs';
import { contractOf } from '@hub/contracts';
import { appendToStream, ensureEventStoreSchema, publishableOf, readAllAfter, START, type NewEvent, type StoredEvent } from '@hub/event-store';
import { connectProducer, createKafka, silentLogger, startRelay, toMessage } from '@hub/messaging';
import { createScratchDatabase, type ScratchDatabase } from '@hub/testing';
import type { Benchmark, BenchContext } from './bench-row';
import { median, sleep } from './measure';

const BATCH_SIZE = 500;
/** A public aggregate: no service consumes its topic, so the benchmark's messages disturb nobody. */
const TYPE = 'ResponseRateChanged';
const STREAMS = 100;

/** Each event written under its own trace, as events written by separate HTTP requests are. */
function newEvent(i: number): NewEvent {
  const trace = randomUUID().replace(/-/g, '');
  return {
    eventId: randomUUID(),
    type: TYPE,
    schemaVersion: 1,
    data: { indicator: 'response-rate', unitSor: `bench-unit-${i % STREAMS}`, numerator: i, denominator: i + 1, asOf: new Date().toISOString() },
    metadata: { traceparent: `00-${trace}-${trace.slice(0, 16)}-01` },
  };
}

/** Writes n events spread over STREAMS streams (10 events per append), continuing each stream's version. */
async function writeEvents(db: ScratchDatabase, versions: Map<string, number>, n: number): Promise<void> {
  for (let i = 0; i < n; i += 10) {
    const stream = `bench-unit-${(i / 10) % STREAMS}`;
    const v = versions.get(stream) ?? 0;
    const events = Array.from({ length: Math.min(10, n - i) }, (_, k) => newEvent(i + k));
    await appendToStream(db.pool, stream, v, events);
    versions.set(stream, v + events.length);
  }
}

/** The relay's messages, built by the relay's own toMessage (key, value, the same headers). */
const toBareMessage = (e: StoredEvent) => toMessage(publishableOf(e));

/** Events/s of the relay draining everything written since its last checkpoint. */
async function relayRate(db: ScratchDatabase, producer: Producer, expected: number): Promise<number> {
  const t0 = performance.now();
  const relay = startRelay({ name: 'bench', pool: db.pool, producer, logger: silentLogger, pollIntervalMs: 60_000, batchSize: BATCH_SIZE });
  let published = await relay.drain(); // joins the drain the relay starts at once
  const deadline = performance.now() + 60_000;
  while (published < expected && performance.now() < deadline) {
    // drain() returns once it has caught up with what is safely visible: a transaction still in flight anywhere
    // on the server (autovacuum's analyze of the fresh table, say) hides later events until it ends, and the
    // relay rightly waits rather than skip them. That wait is part of the relay's time.
    await sleep(5);
    published += await relay.drain();
  }
  const rate = published / ((performance.now() - t0) / 1000);
  await relay.stop();
  if (published !== expected) throw new Error(`relay published ${published} events, expected ${expected}`);
  return rate;
}

/** Events/s of the bare producer sending the given events' messages in batches of BATCH_SIZE. */
async function bareRate(producer: Producer, events: StoredEvent[]): Promise<number> {
  const topic = contractOf(TYPE).topic;
  const batches: ReturnType<typeof toBareMessage>[][] = [];
  for (let i = 0; i < events.length; i += BATCH_SIZE) batches.push(events.slice(i, i + BATCH_SIZE).map(toBareMessage));
  const t0 = performance.now();
  for (const messages of batches) await producer.sendBatch({ topicMessages: [{ topic, messages }] });
  return events.length / ((performance.now() - t0) / 1000);
}

async function readAll(db: ScratchDatabase): Promise<StoredEvent[]> {
  const all: StoredEvent[] = [];
  for (let batch = await readAllAfter(db.pool, START, 10_000); batch.length > 0; ) {
    all.push(...batch);
    const last = batch[batch.length - 1];
    batch = await readAllAfter(db.pool, { transactionId: last.transactionId, globalPosition: last.globalPosition }, 10_000);
  }
  return all;
}

export const benchRelay: Benchmark = async (ctx: BenchContext) => {
  const n = ctx.smoke ? 1_000 : 20_000;
  const reps = ctx.smoke ? 1 : 3;
  const db = await createScratchDatabase('bench_relay', 4);
  const kafka = createKafka('bench-relay', ctx.kafkaBrokers, silentLogger);
  const producer = await connectProducer(kafka);
  const versions = new Map<string, number>();
  const ours: number[] = [];
  const theirs: number[] = [];
  try {
    await ensureEventStoreSchema(db.pool);
    // Warm-up: connection, topic metadata, JIT of both paths, on events not measured.
    await writeEvents(db, versions, BATCH_SIZE * 2);
    await relayRate(db, producer, BATCH_SIZE * 2);
    await bareRate(producer, await readAll(db));
    for (let rep = 0; rep < reps; rep++) {
      const before = (await readAll(db)).length;
      await writeEvents(db, versions, n);
      // Statistics as autovacuum keeps them on a live table: with none, the planner sorts the whole backlog for
      // every batch of the relay's read instead of walking the commit-order index (see the report's finding).
      await db.pool.query('ANALYZE events');
      const fresh = (await readAll(db)).slice(before);
      // Alternate who goes first, so drift in the machine's load favours neither.
      if (rep % 2 === 0) {
        ours.push(await relayRate(db, producer, n));
        theirs.push(await bareRate(producer, fresh));
      } else {
        theirs.push(await bareRate(producer, fresh));
        ours.push(await relayRate(db, producer, n));
      }
      ctx.log(`relay ${n} events, run ${rep + 1}/${reps}: relay ${ours.at(-1)!.toFixed(0)}, bare producer ${theirs.at(-1)!.toFixed(0)} events/s`);
    }
  } finally {
    await producer.disconnect();
    await db.drop();
  }
  return [{ figure: `relay, ${n.toLocaleString('en-US')} events to Kafka`, unit: 'events/s', ours: median(ours), reference: 'bare kafkajs producer', theirs: median(theirs), goal: 0.8 }];
};
