import type { Producer } from 'kafkajs';
import type { Pool } from 'pg';
import { applySchema, readPublishableAfter, START, type Checkpoint } from '@hub/event-store';
import { backoffDelay, interruptibleSleep, type BackoffPolicy } from './backoff';
import type { Logger } from './logger';
import { prepareBatch, sendPrepared, type PreparedBatch } from './relay-batch';
import { readBatchesAhead } from './relay-read-ahead';

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

/** Batches read and prepared ahead of the one being sent (see readBatchesAhead). */
const READ_AHEAD = 2;

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
   * The next batch, read and prepared (checked and turned into messages; see prepareBatch). Its failure is seen
   * where it is awaited: handled here too, so it is not an unhandled rejection while a send is awaited meanwhile.
   */
  function readPrepared(after: Checkpoint): Promise<PreparedBatch> {
    const batch = readPublishableAfter(pool, after, batchSize).then(prepareBatch);
    batch.catch(() => undefined);
    return batch;
  }

  /**
   * A pipeline of three stages that would otherwise wait for each other: while batch k is on its way to Kafka,
   * the batches after it are read, checked and built into messages (see readBatchesAhead), and batch k-1's
   * checkpoint is written. The checkpoint of a batch is still written only after Kafka acknowledged it, and in
   * order, so a crash re-sends at most the unacknowledged batches; a batch with a bad event fails where it is
   * awaited, after its predecessor was sent.
   */
  async function drainOnce(): Promise<number> {
    await ready;
    const started = Date.now();
    let published = 0;
    let saving: Promise<void> = Promise.resolve();
    const from = await loadCheckpoint(pool, name);
    stats.checkpointPosition = from.globalPosition.toString();
    const batches = readBatchesAhead(readPrepared, from, READ_AHEAD);
    try {
      for (;;) {
        const batch = await batches.next();
        if (batch.size === 0) break;
        const { checkpoint } = batch;
        await sendPrepared(await producers.current(), batch);
        await saving;
        saving = saveCheckpoint(pool, name, checkpoint).then(() => {
          stats.checkpointPosition = checkpoint.globalPosition.toString();
        });
        published += batch.size;
        stats.published += batch.size;
      }
    } catch (err) {
      // A producer whose send failed may hold sequence numbers the broker now rejects for good: replace it.
      if (isKafkaError(err)) await producers.renew();
      throw err;
    } finally {
      batches.close();
      // On success and on failure: the last checkpoint is written (or its error surfaces) before drain returns.
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
