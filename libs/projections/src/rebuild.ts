import type { Kafka } from 'kafkajs';
import type { Pool, PoolClient } from 'pg';
import type { Queryable } from '@hub/event-store';
import { loadStoredOffsets, partitionKey } from '@hub/messaging';
import { eventStoreFeed } from './event-store-feed';
import { fillTable, type Progress } from './fill';
import { kafkaFeed, wholeTopics, type OffsetRange } from './kafka-feed';
import { rebuildTableOf, type Projection } from './projection';
import { compareAndSwap, type SwapPolicy, type SwapResult } from './swap';

export interface RebuildResult extends SwapResult {
  table: string;
  /** Events applied while rebuilding (before any catch-up). */
  applied: number;
}

export interface RebuildOptions {
  swap?: SwapPolicy;
  onProgress?: Progress;
  /** Told of messages that are not valid events (passed over, as the live consumer dead-lettered them). */
  onUnreadable?: (where: string, reason: string) => void;
}

/**
 * The Kafka offsets the live table reflects: each partition up to the live consumer's stored next offset
 * (the database is the source of truth), or the whole topic when the projection has no live consumer.
 */
export async function liveRanges(kafka: Kafka, db: Queryable, projection: Projection): Promise<OffsetRange[]> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const whole = await wholeTopics(admin, projection.topics);
    if (!projection.consumer) return whole;
    const stored = await loadStoredOffsets(db, projection.consumer, [...projection.topics]);
    return whole.map((r) => ({ ...r, to: stored.get(partitionKey(r.topic, r.partition)) ?? r.from }));
  } finally {
    await admin.disconnect();
  }
}

/**
 * Rebuilds a projection from Kafka offset 0 (the first retained offset) into `<table>_rebuild`, then compares
 * digests with the live table and swaps per the policy (default: only when they differ, i.e. the live table
 * is corrupt). Safe while the live consumer runs: the rebuild reads up to the consumer's stored offsets, and
 * under the swap's lock it catches up with whatever the consumer applied in the meantime.
 */
export async function rebuildFromKafka(pool: Pool, kafka: Kafka, projection: Projection, options: RebuildOptions = {}): Promise<RebuildResult> {
  const table = rebuildTableOf(projection);
  const ends = await liveRanges(kafka, pool, projection);
  const filter = { types: projection.eventTypes, onUnreadable: options.onUnreadable };
  const filled = await fillTable(pool, projection, table, kafkaFeed(kafka, ends, filter), options.onProgress);
  const catchUp = async (tx: PoolClient): Promise<number> => {
    const now = new Map((await liveRanges(kafka, tx, projection)).map((r) => [partitionKey(r.topic, r.partition), r.to]));
    const missing = ends.map((r) => ({ ...r, from: r.to, to: now.get(partitionKey(r.topic, r.partition)) ?? r.to })).filter((r) => r.from < r.to);
    return kafkaFeed(kafka, missing, filter)(async (events) => {
      for (const event of events) await projection.apply(tx, table, event);
    });
  };
  const swap = await compareAndSwap(pool, projection, table, options.swap ?? 'if-different', projection.consumer ? catchUp : undefined);
  return { table, applied: filled.applied, ...swap };
}

/**
 * Rebuilds a projection from an event store into `<table>_rebuild` in `target`, compares and swaps. Use when
 * the live table is fed from that same store and its writer is quiet: unlike the Kafka path there are no
 * consumer offsets to catch up with.
 */
export async function rebuildFromEventStore(source: Queryable, target: Pool, projection: Projection, options: RebuildOptions = {}): Promise<RebuildResult> {
  const table = rebuildTableOf(projection);
  const filled = await fillTable(target, projection, table, eventStoreFeed(source, { types: projection.eventTypes }), options.onProgress);
  const swap = await compareAndSwap(target, projection, table, options.swap ?? 'if-different');
  return { table, applied: filled.applied, ...swap };
}
