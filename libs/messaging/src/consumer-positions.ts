import type { Admin, Consumer } from 'kafkajs';
import type { Queryable } from '@hub/event-store';

/** `topic:partition`, the key of per-partition maps. */
export const partitionKey = (topic: string, partition: number) => `${topic}:${partition}`;

/** The database's next offset per partition of this consumer: what it has durably applied. */
export async function loadStoredOffsets(db: Queryable, consumer: string, topics: string[]): Promise<Map<string, bigint>> {
  const { rows } = await db.query<{ topic: string; partition: number; next_offset: string }>(
    'SELECT topic, partition, next_offset::text AS next_offset FROM consumer_offsets WHERE consumer = $1 AND topic = ANY($2)',
    [consumer, topics],
  );
  return new Map(rows.map((r) => [partitionKey(r.topic, r.partition), BigInt(r.next_offset)]));
}

/** The stored next offset, row-locked so two group members briefly owning one partition apply it once. */
export async function lockStoredOffset(db: Queryable, consumer: string, topic: string, partition: number): Promise<bigint | undefined> {
  const { rows } = await db.query<{ next_offset: string }>(
    'SELECT next_offset::text AS next_offset FROM consumer_offsets WHERE consumer = $1 AND topic = $2 AND partition = $3 FOR UPDATE',
    [consumer, topic, partition],
  );
  return rows[0] ? BigInt(rows[0].next_offset) : undefined;
}

export interface SeekPlan {
  topic: string;
  partition: number;
  offset: bigint;
}

/**
 * Where each assigned partition must resume: the database's next offset, or the partition's first retained
 * offset when the database has applied nothing from it (a fresh or restored database re-reads everything,
 * whatever Kafka's committed offset says). Pure, so the rule is tested without a broker.
 */
export function planSeeks(assignment: Record<string, number[]>, stored: Map<string, bigint>, lowWatermarks: Map<string, bigint>): SeekPlan[] {
  return Object.entries(assignment).flatMap(([topic, partitions]) =>
    partitions.map((partition) => {
      const key = partitionKey(topic, partition);
      return { topic, partition, offset: stored.get(key) ?? lowWatermarks.get(key) ?? 0n };
    }),
  );
}

/** Low watermark (first retained offset) per partition of the topics. */
export async function lowWatermarks(admin: Admin, topics: string[]): Promise<Map<string, bigint>> {
  const marks = new Map<string, bigint>();
  for (const topic of topics) {
    for (const p of await admin.fetchTopicOffsets(topic)) marks.set(partitionKey(topic, p.partition), BigInt(p.low));
  }
  return marks;
}

/** Applies a seek plan; kafkajs applies seeks before its next fetch of each partition. */
export function applySeeks(consumer: Consumer, plan: SeekPlan[]): void {
  for (const { topic, partition, offset } of plan) consumer.seek({ topic, partition, offset: offset.toString() });
}
