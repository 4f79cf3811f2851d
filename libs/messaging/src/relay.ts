import { context } from '@opentelemetry/api';
import type { Producer } from 'kafkajs';
import type { Pool } from 'pg';
import { assertValidEvent, contractOf } from '@hub/contracts';
import { checkpointOf, readAllAfter, START, type Checkpoint, type StoredEvent } from '@hub/event-store';
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

function toMessage(event: StoredEvent) {
  const headers: Record<string, string> = {
    [HEADER.eventId]: event.eventId,
    [HEADER.eventType]: event.type,
    [HEADER.schemaVersion]: String(event.schemaVersion),
    [HEADER.streamVersion]: String(event.streamVersion),
    [HEADER.position]: event.globalPosition.toString(),
  };
  return { key: event.streamId, value: JSON.stringify(event.data), headers };
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

/** Groups consecutive events written under the same trace, so each group is sent inside its own trace. */
function groupByTrace(events: StoredEvent[]): StoredEvent[][] {
  const groups: StoredEvent[][] = [];
  for (const e of events) {
    const last = groups.at(-1);
    if (last && last[0].metadata.traceparent === e.metadata.traceparent) last.push(e);
    else groups.push([e]);
  }
  return groups;
}

/**
 * The outbox relay: publishes committed events to Kafka in commit order, at least once (a crash between send
 * and checkpoint re-sends; consumers dedupe by event id). Contracts and the privacy guard are checked before
 * anything leaves: an event that fails them stops the relay loudly rather than being skipped.
 *
 * Failures (broker or database down, a send failing midway through a batch) never skip or reorder: the relay
 * checkpoints the trace groups that did reach the broker, then retries from there with capped exponential
 * backoff, logging each failure once with the attempt number and the wait, and logging the recovery.
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
  const ready = pool.query(RELAY_DDL);

  /** Sends one batch group by group; returns the checkpoint of the last group the broker acknowledged. */
  async function publishBatch(events: StoredEvent[], onSent: (cp: Checkpoint) => void): Promise<void> {
    const producer = await producers.current();
    for (const group of groupByTrace(events)) {
      const byTopic = new Map<string, ReturnType<typeof toMessage>[]>();
      for (const event of group) {
        const { topic } = contractOf(event.type);
        assertValidEvent(event.type, event.schemaVersion, event.data);
        assertPublishable(topic, event.data);
        byTopic.set(topic, [...(byTopic.get(topic) ?? []), toMessage(event)]);
      }
      const topicMessages = [...byTopic].map(([topic, messages]) => ({ topic, messages }));
      await context.with(contextOf(group[0].metadata), () => producer.sendBatch({ topicMessages }));
      onSent(checkpointOf(group[group.length - 1]));
    }
  }

  async function drainOnce(): Promise<number> {
    await ready;
    const started = Date.now();
    let published = 0;
    let checkpoint = await loadCheckpoint(pool, name);
    stats.checkpointPosition = checkpoint.globalPosition.toString();
    let sent = checkpoint;
    try {
      for (;;) {
        const events = await readAllAfter(pool, checkpoint, batchSize);
        if (events.length === 0) break;
        await publishBatch(events, (cp) => (sent = cp));
        checkpoint = checkpointOf(events[events.length - 1]);
        await saveCheckpoint(pool, name, checkpoint);
        published += events.length;
        stats.published += events.length;
        stats.checkpointPosition = checkpoint.globalPosition.toString();
      }
    } catch (err) {
      // Keep what the broker already has: fewer re-sends after the retry (re-sends are harmless, only wasteful).
      if (sent !== checkpoint) await saveCheckpoint(pool, name, sent).catch(() => undefined);
      if (isKafkaError(err)) await producers.renew();
      throw err;
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
    while (!stopped) await pause.sleep(await tick());
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
