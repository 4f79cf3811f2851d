import { randomUUID } from 'node:crypto';
import type { Admin, Kafka, KafkaMessage } from 'kafkajs';
import { headerString, parseConsumedEvent, partitionKey } from '@hub/messaging';
import { isWanted, type EventFeed, type FeedFilter } from './event-feed';
import type { ProjectedEvent } from './projection';

function toProjected(topic: string, partition: number, message: KafkaMessage, onUnreadable: KafkaFeedOptions['onUnreadable']): ProjectedEvent | undefined {
  try {
    const e = parseConsumedEvent({ topic, partition, message });
    return { eventId: e.eventId, type: e.type, schemaVersion: e.schemaVersion, streamId: e.streamId, data: e.data, at: recordedAt(message) };
  } catch (err) {
    onUnreadable?.(`${topic}:${partition}@${message.offset}`, (err as Error).message);
    return undefined;
  }
}

/**
 * When the event was recorded: a `recorded-at` header where the relay writes one, else the broker timestamp
 * (the publication time, at or shortly after the event was recorded).
 */
function recordedAt(message: KafkaMessage): Date {
  const header = headerString(message.headers, 'recorded-at');
  const at = header ? new Date(header) : undefined;
  return at && !Number.isNaN(at.getTime()) ? at : new Date(Number(message.timestamp));
}

/** Messages [from, to) of one partition. */
export interface OffsetRange {
  topic: string;
  partition: number;
  from: bigint;
  to: bigint;
}

/** Everything the topics hold right now: each partition from its first retained offset to its high watermark. */
export async function wholeTopics(admin: Admin, topics: readonly string[]): Promise<OffsetRange[]> {
  const ranges: OffsetRange[] = [];
  for (const topic of topics) {
    for (const p of await admin.fetchTopicOffsets(topic)) ranges.push({ topic, partition: p.partition, from: BigInt(p.low), to: BigInt(p.high) });
  }
  return ranges;
}

/** Total messages in the ranges: the total for a progress bar. */
export const rangeSize = (ranges: OffsetRange[]) => ranges.reduce((n, r) => n + Number(r.to > r.from ? r.to - r.from : 0n), 0);

/**
 * Reads exactly the given offset ranges with a throw-away consumer group that commits nothing, so reading
 * never disturbs the services' groups. A message is taken only at or after the partition's next expected
 * offset, so a seek that lands late (kafkajs applies seeks on its next fetch) cannot deliver one twice.
 * Per-partition order is kept; partitions interleave, which projections must tolerate (they key by stream).
 */
export interface KafkaFeedOptions extends FeedFilter {
  /**
   * Told of each message that is not a valid event (the live consumer dead-lettered it and applied nothing,
   * so the replay passes over it too).
   */
  onUnreadable?: (where: string, reason: string) => void;
  idleTimeoutMs?: number;
}

export function kafkaFeed(kafka: Kafka, ranges: OffsetRange[], options: KafkaFeedOptions): EventFeed {
  const idleTimeoutMs = options.idleTimeoutMs ?? 30_000;
  return async (onBatch) => {
    const next = new Map(ranges.map((r) => [partitionKey(r.topic, r.partition), r.from]));
    const end = new Map(ranges.map((r) => [partitionKey(r.topic, r.partition), r.to]));
    const open = new Set(ranges.filter((r) => r.from < r.to).map((r) => partitionKey(r.topic, r.partition)));
    if (open.size === 0) return 0;
    const consumer = kafka.consumer({ groupId: `projection-replay-${randomUUID()}`, allowAutoTopicCreation: false });
    let read = 0;
    let failed = false;
    try {
      await consumer.connect();
      await consumer.subscribe({ topics: [...new Set(ranges.map((r) => r.topic))], fromBeginning: true });
      await new Promise<void>((resolve, reject) => {
        let idle = setTimeout(() => reject(new Error(`no progress reading Kafka for ${idleTimeoutMs} ms; still open: ${[...open].join(', ')}`)), idleTimeoutMs);
        consumer.on(consumer.events.GROUP_JOIN, () => {
          for (const r of ranges) if (r.from < r.to) consumer.seek({ topic: r.topic, partition: r.partition, offset: r.from.toString() });
        });
        consumer
          .run({
            autoCommit: false,
            eachBatch: async ({ batch }) => {
              if (failed) return;
              const key = partitionKey(batch.topic, batch.partition);
              const events: ProjectedEvent[] = [];
              for (const message of batch.messages) {
                const offset = BigInt(message.offset);
                if (!open.has(key) || offset < (next.get(key) ?? 0n) || offset >= (end.get(key) ?? 0n)) continue;
                next.set(key, offset + 1n);
                read++;
                const event = toProjected(batch.topic, batch.partition, message, options.onUnreadable);
                if (event && isWanted(options, event)) events.push(event);
              }
              try {
                if (events.length > 0) await onBatch(events);
              } catch (err) {
                // Not rethrown: kafkajs would redeliver the batch, which `next` has already passed.
                failed = true;
                return reject(err);
              }
              if ((next.get(key) ?? 0n) >= (end.get(key) ?? 0n)) open.delete(key);
              clearTimeout(idle);
              if (open.size === 0) return resolve();
              idle = setTimeout(() => reject(new Error(`no progress reading Kafka for ${idleTimeoutMs} ms`)), idleTimeoutMs);
            },
          })
          .catch(reject);
      });
    } finally {
      await consumer.disconnect().catch(() => undefined);
    }
    return read;
  };
}
