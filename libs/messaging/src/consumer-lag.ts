import type { Admin } from 'kafkajs';
import type { Queryable } from '@hub/event-store';
import { loadStoredOffsets, partitionKey } from './consumer-positions';

/** How far one partition's durable state trails the broker. */
export interface PartitionLag {
  topic: string;
  partition: number;
  /** The broker's high watermark: the offset the next produced message will get. */
  end: string;
  /** The database's next offset to apply. */
  next: string;
  lag: number;
}

/**
 * Consumer lag measured against the database's offsets, the source of truth, not Kafka's committed ones
 * (which trail the database by up to one commit and may be ahead of a restored database).
 */
export async function measureLag(admin: Admin, db: Queryable, consumer: string, topics: string[]): Promise<PartitionLag[]> {
  const stored = await loadStoredOffsets(db, consumer, topics);
  const lags: PartitionLag[] = [];
  for (const topic of topics) {
    for (const p of await admin.fetchTopicOffsets(topic)) {
      const end = BigInt(p.high);
      const next = stored.get(partitionKey(topic, p.partition)) ?? BigInt(p.low);
      lags.push({ topic, partition: p.partition, end: end.toString(), next: next.toString(), lag: Number(end > next ? end - next : 0n) });
    }
  }
  return lags;
}
