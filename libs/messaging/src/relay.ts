import { context, createContextKey, propagation, SpanKind, SpanStatusCode, trace, type Span } from '@opentelemetry/api';
import type { Producer } from 'kafkajs';
import type { Pool } from 'pg';
import { assertValidEvent, contractOf } from '@hub/contracts';
import { applySchema, canonicalJson, checkpointOfPublishable, readPublishableAfter, START, type Checkpoint, type EventMetadata, type PublishableEvent } from '@hub/event-store';
import { backoffDelay, interruptibleSleep, type BackoffPolicy } from './backoff';
import { HEADER } from './headers';
import type { Logger } from './logger';
import { assertPublishable } from './privacy-guard';
import { contextOf } from './trace-context';

export const RELAY_DDL = `
CREATE TABLE IF NOT EXISTS relay_checkpoints (
  relay           text PRIMARY KEY,
  transaction_id  xid8   NOT NULL,
  global_position bigint NOT NULL
);`;

export interface RelayOptions {
  name: string;
  pool: Pool;
  /**
   * A producer, or a way to connect one. With a factory the relay owns its producer and replaces it after a
   * failed send: an idempotent producer whose in-flight batch was lost (broker restart) has sequence numbers
   * the broker rejects for good (OutOfOrderSequence), so retrying with it would never succeed. A fresh one
   * gets a new producer id. With a plain producer (tests) the caller keeps that responsibility.
   */
  producer: Producer | (() => Promise<Producer>);
  logger: Logger;
  pollIntervalMs?: number;
  batchSize?: number;
  /** Retry pacing after a failed drain (broker or database down); the delay resets after a success. */
  backoff?: BackoffPolicy;
}

/** What the relay has done, for /health and metrics: throughput and whether it is stuck. */
export interface RelayStats {
  /** Events published since start (re-sends after a failure count again). */
  published: number;
  /** Events per second over the last drain that published anything. */
  lastDrainRate: number;
  /** Failed drains in a row; 0 when the last drain succeeded. */
  consecutiveFailures: number;
  lastError?: string;
  /** Global position of the last event whose publication is checkpointed. */
  checkpointPosition: string;
}

export interface Relay {
  /** Publishes everything committed so far; resolves when caught up. */
  drain(): Promise<number>;
  stats(): RelayStats;
  stop(): Promise<void>;
}

async function loadCheckpoint(pool: Pool, name: string): Promise<Checkpoint> {
  const { rows } = await pool.query<{ t: string; p: string }>(
    'SELECT transaction_id::text AS t, global_position::text AS p FROM relay_checkpoints WHERE relay = $1',
    [name],
  );
  return rows[0] ? { transactionId: BigInt(rows[0].t), globalPosition: BigInt(rows[0].p) } : START;
}

async function saveCheckpoint(pool: Pool, name: string, cp: Checkpoint): Promise<void> {
  await pool.query(
    `INSERT INTO relay_checkpoints (relay, transaction_id, global_position) VALUES ($1, $2::text::xid8, $3)
     ON CONFLICT (relay) DO UPDATE SET transaction_id = EXCLUDED.transaction_id, global_position = EXCLUDED.global_position`,
    [name, cp.transactionId.toString(), cp.globalPosition.toString()],
  );
}

/**
 * The Kafka message of an event: key = stream id, value = data as stored, headers carry the rest of what is hashed.
 * Takes the event as read for publishing (publishableOf turns a StoredEvent into one).
 */
export function toMessage(event: PublishableEvent) {
  const headers: Record<string, string> = {
    [HEADER.eventId]: event.eventId,
    [HEADER.eventType]: event.type,
    [HEADER.schemaVersion]: String(event.schemaVersion),
    [HEADER.streamVersion]: String(event.streamVersion),
    [HEADER.position]: event.globalPosition,
    [HEADER.eventHash]: event.hash,
    [HEADER.prevHash]: event.prevHash,
    [HEADER.recordedAt]: event.recordedAt,
    [HEADER.eventMetadata]: canonicalJson(event.metadata),
  };
  return { key: event.streamId, value: JSON.stringify(event.data), headers };
}

const tracer = trace.getTracer('@hub/messaging');
/**
 * The key of @opentelemetry/core's `suppressTracing` (context keys are `Symbol.for(description)`, so this is
 * the same key; we do not depend on @opentelemetry/core directly). Under it the kafkajs instrumentation neither
 * starts spans nor injects headers, so the per-event trace headers the relay sets survive a batched send.
 */
const SUPPRESS_TRACING = createContextKey('OpenTelemetry SDK Context Key SUPPRESS_TRACING');

/**
 * A producer span per event, child of the trace the event was written under, injected into the message's
 * headers: the consumer continues the writer's trace although the whole batch goes out in one send.
 */
function startSendSpan(metadata: EventMetadata, topic: string, headers: Record<string, string>): Span {
  const parent = contextOf(metadata);
  const span = tracer.startSpan(
    `send ${topic}`,
    { kind: SpanKind.PRODUCER, attributes: { 'messaging.system': 'kafka', 'messaging.destination.name': topic, 'messaging.operation.type': 'send' } },
    parent,
  );
  propagation.inject(trace.setSpan(parent, span), headers);
  return span;
}

const isKafkaError = (err: unknown) => /^KafkaJS/.test((err as Error)?.name ?? '');

/** The relay's producer: a given one as is, or one it connects from a factory and may replace. */
function producerSource(given: RelayOptions['producer']) {
  if (typeof given !== 'function') return { current: async () => given, renew: async () => undefined, release: async () => undefined };
  let producer: Promise<Producer> | undefined;
  const drop = async () => {
    const old = producer;
    producer = undefined;
    await old?.then((p) => p.disconnect()).catch(() => undefined);
  };
  return {
    current: () => (producer ??= given().catch((err: unknown) => ((producer = undefined), Promise.reject(err)))),
    renew: drop,
    release: drop,
  };
}

/**
 * The outbox relay: publishes committed events to Kafka in commit order, at least once (a crash between send
 * and checkpoint re-sends; consumers dedupe by event id). Contracts and the privacy guard are checked before
 * anything leaves: an event that fails them stops the relay loudly rather than being skipped.
 *
 * Failures (broker or database down, a failed send) never skip or reorder: the relay retries from its last
 * acknowledged checkpoint with capped exponential backoff, logging each failure once with the attempt number
 * and the wait, and logging the recovery.
 */
export function startRelay(options: RelayOptions): Relay {
  const { name, pool, logger } = options;
  const producers = producerSource(options.producer);
  const pollIntervalMs = options.pollIntervalMs ?? 100;
  const batchSize = options.batchSize ?? 500;
  const stats: RelayStats = { published: 0, lastDrainRate: 0, consecutiveFailures: 0, checkpointPosition: '0' };
  const pause = interruptibleSleep();
  let stopped = false;
  let running: Promise<number> | undefined;
  const ready = applySchema(pool, RELAY_DDL);

  /**
   * One send per batch, not per trace: a send is a broker round trip (acks from all replicas), and events
   * written by separate requests each carry their own trace, so sending per trace meant a round trip per event.
   * Every event is checked before anything is sent, so a bad event stops the relay with nothing of its batch out.
   */
  async function publishBatch(events: PublishableEvent[]): Promise<void> {
    for (const event of events) {
      assertValidEvent(event.type, event.schemaVersion, event.data);
      assertPublishable(contractOf(event.type).topic, event.data);
    }
    const producer = await producers.current();
    const byTopic = new Map<string, ReturnType<typeof toMessage>[]>();
    const spans: Span[] = [];
    for (const event of events) {
      const { topic } = contractOf(event.type);
      const message = toMessage(event);
      spans.push(startSendSpan(event.metadata, topic, message.headers));
      const messages = byTopic.get(topic);
      if (messages) messages.push(message);
      else byTopic.set(topic, [message]);
    }
    const topicMessages = [...byTopic].map(([topic, messages]) => ({ topic, messages }));
    try {
      await context.with(context.active().setValue(SUPPRESS_TRACING, true), () => producer.sendBatch({ topicMessages }));
    } catch (err) {
      for (const span of spans) span.setStatus({ code: SpanStatusCode.ERROR, message: (err as Error).message });
      throw err;
    } finally {
      for (const span of spans) span.end();
    }
  }

  /**
   * A pipeline of three stages that would otherwise wait for each other: while batch k is on its way to Kafka,
   * batch k+1 is read and batch k-1's checkpoint is written. The checkpoint of a batch is still written only
   * after Kafka acknowledged it, and in order, so a crash re-sends at most the unacknowledged batches.
   */
  async function drainOnce(): Promise<number> {
    await ready;
    const started = Date.now();
    let published = 0;
    let saving: Promise<void> = Promise.resolve();
    const from = await loadCheckpoint(pool, name);
    stats.checkpointPosition = from.globalPosition.toString();
    let next = readPublishableAfter(pool, from, batchSize);
    try {
      for (;;) {
        const events = await next;
        if (events.length === 0) break;
        const checkpoint = checkpointOfPublishable(events[events.length - 1]);
        next = readPublishableAfter(pool, checkpoint, batchSize);
        await publishBatch(events);
        await saving;
        saving = saveCheckpoint(pool, name, checkpoint).then(() => {
          stats.checkpointPosition = checkpoint.globalPosition.toString();
        });
        published += events.length;
        stats.published += events.length;
      }
    } catch (err) {
      // A producer whose send failed may hold sequence numbers the broker now rejects for good: replace it.
      if (isKafkaError(err)) await producers.renew();
      throw err;
    } finally {
      // On success and on failure: the last checkpoint is written (or its error surfaces) before drain returns.
      next.catch(() => undefined);
      await saving;
    }
    if (published > 0) stats.lastDrainRate = Math.round((published * 1000) / Math.max(Date.now() - started, 1));
    return published;
  }

  function drain(): Promise<number> {
    running ??= drainOnce().finally(() => (running = undefined));
    return running;
  }

  async function tick(): Promise<number> {
    try {
      const n = await drain();
      if (stats.consecutiveFailures > 0) logger.info({ relay: name, failedAttempts: stats.consecutiveFailures, published: n }, 'relay recovered');
      if (n > 0) logger.debug({ relay: name, published: n, checkpoint: stats.checkpointPosition }, 'relay published events');
      stats.consecutiveFailures = 0;
      stats.lastError = undefined;
      return pollIntervalMs;
    } catch (err) {
      stats.consecutiveFailures++;
      stats.lastError = (err as Error).message;
      const delayMs = backoffDelay(stats.consecutiveFailures, options.backoff);
      logger.error({ relay: name, err, attempt: stats.consecutiveFailures, retryInMs: delayMs, checkpoint: stats.checkpointPosition }, 'relay failed; retrying from its checkpoint');
      return delayMs;
    }
  }

  const loop = (async () => {
    while (!stopped) {
      const delayMs = await tick();
      // stop() during the tick woke no sleep (none was pending): without this check the loop would sleep a
      // whole poll interval before noticing, and stop() would wait that long.
      if (!stopped) await pause.sleep(delayMs);
    }
  })();

  return {
    drain,
    stats: () => ({ ...stats }),
    async stop() {
      stopped = true;
      pause.wake();
      await loop;
      await producers.release();
    },
  };
}
