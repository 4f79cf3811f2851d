import { context } from '@opentelemetry/api';
import type { Producer } from 'kafkajs';
import type { Pool } from 'pg';
import { assertValidEvent, contractOf } from '@hub/contracts';
import { canonicalJson, checkpointOf, readAllAfter, START, type Checkpoint, type StoredEvent } from '@hub/event-store';
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
  producer: Producer;
  logger: Logger;
  pollIntervalMs?: number;
  batchSize?: number;
}

export interface Relay {
  /** Publishes everything committed so far; resolves when caught up. */
  drain(): Promise<number>;
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

/** The Kafka message of an event: key = stream id, value = data as stored, headers carry the rest of what is hashed. */
export function toMessage(event: StoredEvent) {
  const headers: Record<string, string> = {
    [HEADER.eventId]: event.eventId,
    [HEADER.eventType]: event.type,
    [HEADER.schemaVersion]: String(event.schemaVersion),
    [HEADER.streamVersion]: String(event.streamVersion),
    [HEADER.position]: event.globalPosition.toString(),
    [HEADER.eventHash]: event.hash.toString('hex'),
    [HEADER.prevHash]: event.prevHash.toString('hex'),
    [HEADER.recordedAt]: event.recordedAt.toISOString(),
    [HEADER.eventMetadata]: canonicalJson(event.metadata),
  };
  return { key: event.streamId, value: JSON.stringify(event.data), headers };
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
 */
export function startRelay(options: RelayOptions): Relay {
  const { name, pool, producer, logger } = options;
  const pollIntervalMs = options.pollIntervalMs ?? 100;
  const batchSize = options.batchSize ?? 500;
  let stopped = false;
  let running: Promise<number> | undefined;
  const ready = pool.query(RELAY_DDL);

  async function publishBatch(events: StoredEvent[]): Promise<void> {
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
    }
  }

  async function drainOnce(): Promise<number> {
    await ready;
    let published = 0;
    let checkpoint = await loadCheckpoint(pool, name);
    for (;;) {
      const events = await readAllAfter(pool, checkpoint, batchSize);
      if (events.length === 0) return published;
      await publishBatch(events);
      checkpoint = checkpointOf(events[events.length - 1]);
      await saveCheckpoint(pool, name, checkpoint);
      published += events.length;
    }
  }

  function drain(): Promise<number> {
    running ??= drainOnce().finally(() => (running = undefined));
    return running;
  }

  const loop = (async () => {
    while (!stopped) {
      try {
        const n = await drain();
        if (n > 0) logger.debug({ relay: name, published: n }, 'relay published events');
      } catch (err) {
        logger.error({ relay: name, err }, 'relay failed; retrying');
      }
      await new Promise((r) => setTimeout(r, pollIntervalMs));
    }
  })();

  return {
    drain,
    async stop() {
      stopped = true;
      await loop;
    },
  };
}
