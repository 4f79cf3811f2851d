import type { Admin, Consumer, EachMessagePayload, Kafka, Producer } from 'kafkajs';
import type { Pool, PoolClient } from 'pg';
import { TOPICS, type EventType } from '@hub/contracts';
import { applySchema } from '@hub/event-store';
import { backoffDelay, interruptibleSleep } from './backoff';
import { parseConsumedEvent, type ConsumedEvent } from './consumed-event';
import { measureLag, type PartitionLag } from './consumer-lag';
import { applySeeks, loadStoredOffsets, lockStoredOffset, lowWatermarks, partitionKey, planSeeks } from './consumer-positions';
import { consumerTransaction } from './consumer-transaction';
import { isDatabaseUnavailable } from './database-failure';
import { HEADER, headerString } from './headers';
import { claimInboxEntry, INBOX_DDL, storeOffset } from './inbox';
import type { Logger } from './logger';

/** Applies one event inside the consumer's transaction; throw to retry, the error's `retriable: false` to dead-letter at once. */
export type EventHandler<T extends EventType> = (event: ConsumedEvent<T>, tx: PoolClient) => Promise<void>;
export type EventHandlers = { [T in EventType]?: EventHandler<T> };

export interface ConsumerOptions {
  name: string;
  kafka: Kafka;
  pool: Pool;
  producer: Producer;
  topics: string[];
  handlers: EventHandlers;
  logger: Logger;
  /** Attempts of a failing handler before its message is dead-lettered (database outages never count). */
  maxAttempts?: number;
  backoffMs?: number;
  /** How soon the group notices a dead member and hands its partitions on (kafkajs default 30 s). */
  sessionTimeoutMs?: number;
}

/** Counters for /health and metrics. */
export interface ConsumerStats {
  applied: number;
  deadLettered: number;
  /** Redeliveries recognised by offset or inbox and not applied again. */
  skipped: number;
  /** True while a database outage holds consumption. */
  waitingForDatabase: boolean;
}

export interface RunningConsumer {
  consumer: Consumer;
  stats(): ConsumerStats;
  /** Lag per partition against the database's offsets. */
  lag(): Promise<PartitionLag[]>;
  stop(): Promise<void>;
}

class ConsumerStopping extends Error {}

/**
 * An effectively-once consumer: inbox row + state change + stored offset commit in one Postgres transaction,
 * then the Kafka offset is committed. The database's offsets are the source of truth: after every partition
 * assignment the consumer seeks to them, and a message below the stored offset is skipped. A redelivered
 * event finds its inbox row and has no second effect. Poison messages go to the dead-letter topic with the
 * reason, after bounded retries with backoff. A database outage pauses consumption (the message in hand is
 * retried with capped backoff until the database is back), it never dead-letters.
 */
export async function startConsumer(options: ConsumerOptions): Promise<RunningConsumer> {
  const { name, kafka, pool, producer, logger, topics } = options;
  const maxAttempts = options.maxAttempts ?? 5;
  const policy = { initialMs: options.backoffMs ?? 200, maxMs: 10_000 };
  const stats: ConsumerStats = { applied: 0, deadLettered: 0, skipped: 0, waitingForDatabase: false };
  const pause = interruptibleSleep();
  let stopping = false;
  await applySchema(pool, INBOX_DDL);
  const admin: Admin = kafka.admin();
  await admin.connect();
  const consumer = kafka.consumer({ groupId: name, allowAutoTopicCreation: false, ...(options.sessionTimeoutMs ? { sessionTimeout: options.sessionTimeoutMs, heartbeatInterval: Math.floor(options.sessionTimeoutMs / 4) } : {}) });
  await consumer.connect();
  await consumer.subscribe({ topics, fromBeginning: true });

  /** Next offset to apply per partition, from the database at assignment, advanced as messages apply. */
  const expected = new Map<string, bigint>();
  const reseeked = new Set<string>();
  let positioned: Promise<void> = Promise.resolve();

  /** Retries `work` while the database is unreachable; heartbeats so the group does not evict us meanwhile. */
  async function whileDatabaseDown<T>(what: string, work: () => Promise<T>, heartbeat?: () => Promise<void>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        const result = await work();
        if (stats.waitingForDatabase) logger.info({ consumer: name, what }, 'database back; consumption resumes');
        stats.waitingForDatabase = false;
        return result;
      } catch (err) {
        if (!isDatabaseUnavailable(err) || stopping) throw stopping ? new ConsumerStopping('stopping') : err;
        stats.waitingForDatabase = true;
        const delayMs = backoffDelay(attempt, policy);
        logger.warn({ consumer: name, what, attempt, retryInMs: delayMs, err }, 'database unavailable; consumption paused');
        await pause.sleep(delayMs);
        await heartbeat?.().catch(() => undefined); // a rebalance meanwhile is fine: we reposition from the database
      }
    }
  }

  async function resumeFromDatabase(assignment: Record<string, number[]>): Promise<void> {
    const assigned = Object.keys(assignment);
    const [stored, marks] = await Promise.all([whileDatabaseDown('load offsets', () => loadStoredOffsets(pool, name, assigned)), lowWatermarks(admin, assigned)]);
    const plan = planSeeks(assignment, stored, marks);
    expected.clear();
    reseeked.clear();
    for (const seek of plan) expected.set(partitionKey(seek.topic, seek.partition), seek.offset);
    applySeeks(consumer, plan);
    logger.info({ consumer: name, positions: plan.map((s) => `${s.topic}:${s.partition}@${s.offset}`) }, 'partitions assigned; resuming from the database offsets');
  }

  consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => {
    positioned = resumeFromDatabase(payload.memberAssignment).catch((err) => logger.error({ consumer: name, err }, 'could not reposition from the database offsets'));
  });

  /** False when the message is not the next one the database expects (a seek is pending, or it was applied). */
  function isNextExpected({ topic, partition, message }: EachMessagePayload): boolean {
    const key = partitionKey(topic, partition);
    const want = expected.get(key);
    const offset = BigInt(message.offset);
    if (want === undefined || offset === want) return true;
    if (offset < want) return false;
    if (reseeked.has(key)) {
      // Seeking did not reach `want`: retention deleted those messages. Say so and go on rather than loop.
      logger.warn({ consumer: name, topic, partition, from: want.toString(), to: message.offset }, 'messages no longer in Kafka were skipped');
      return true;
    }
    reseeked.add(key);
    applySeeks(consumer, [{ topic, partition, offset: want }]);
    return false;
  }

  async function apply(event: ConsumedEvent): Promise<'applied' | 'skipped'> {
    const handler = options.handlers[event.type] as ((e: ConsumedEvent, tx: PoolClient) => Promise<void>) | undefined;
    return consumerTransaction(pool, async (tx) => {
      const stored = await lockStoredOffset(tx, name, event.topic, event.partition);
      if (stored !== undefined && BigInt(event.offset) < stored) return 'skipped';
      const fresh = await claimInboxEntry(tx, { consumer: name, eventId: event.eventId, topic: event.topic, partition: event.partition, offset: event.offset, outcome: 'applied' });
      if (fresh && handler) await handler(event, tx);
      await storeOffset(tx, name, event.topic, event.partition, event.offset);
      return fresh ? 'applied' : 'skipped';
    });
  }

  async function deadLetter(payload: EachMessagePayload, reason: string): Promise<void> {
    const { topic, partition, message } = payload;
    const eventId = headerString(message.headers, HEADER.eventId);
    // The payload stays in its source topic (kept forever); the dead letter only points at it, so a
    // treatment-domain message never leaks into the ops topic.
    await producer.send({
      topic: TOPICS.deadLetter,
      messages: [{ key: name, value: JSON.stringify({ consumer: name, topic, partition, offset: message.offset, eventId: eventId ?? null, eventType: headerString(message.headers, HEADER.eventType) ?? null, reason }) }],
    });
    await whileDatabaseDown('record dead letter', () =>
      consumerTransaction(pool, async (tx) => {
        if (eventId && /^[0-9a-f-]{36}$/i.test(eventId)) {
          await claimInboxEntry(tx, { consumer: name, eventId, topic, partition, offset: message.offset, outcome: 'dead-lettered' });
        }
        await storeOffset(tx, name, topic, partition, message.offset);
      }),
    );
    stats.deadLettered++;
    logger.warn({ consumer: name, topic, partition, offset: message.offset, reason }, 'message dead-lettered');
  }

  async function handle(payload: EachMessagePayload): Promise<void> {
    await positioned;
    if (!isNextExpected(payload)) {
      stats.skipped++;
      return;
    }
    const key = partitionKey(payload.topic, payload.partition);
    const next = BigInt(payload.message.offset) + 1n;
    let event: ConsumedEvent;
    try {
      event = parseConsumedEvent(payload);
    } catch (err) {
      await deadLetter(payload, (err as Error).message);
      expected.set(key, next);
      return;
    }
    for (let attempt = 1; ; attempt++) {
      try {
        const outcome = await whileDatabaseDown(`apply ${event.eventId}`, () => apply(event), payload.heartbeat);
        stats[outcome]++;
        expected.set(key, next);
        reseeked.delete(key);
        return;
      } catch (err) {
        if (err instanceof ConsumerStopping) throw err; // not applied, not committed: redelivered after restart
        if ((err as { retriable?: boolean }).retriable === false || attempt >= maxAttempts) {
          await deadLetter(payload, (err as Error).message);
          expected.set(key, next);
          return;
        }
        const delayMs = backoffDelay(attempt, policy);
        logger.warn({ consumer: name, eventId: event.eventId, attempt, retryInMs: delayMs, err }, 'handler failed; retrying');
        await pause.sleep(delayMs);
      }
    }
  }

  await consumer.run({ eachMessage: handle });
  return {
    consumer,
    stats: () => ({ ...stats }),
    lag: () => measureLag(admin, pool, name, topics),
    async stop() {
      stopping = true;
      pause.wake();
      // kafkajs finishes the message in hand before disconnecting.
      await consumer.disconnect();
      await admin.disconnect();
    },
  };
}
