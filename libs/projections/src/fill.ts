import type { Pool } from 'pg';
import { inTransaction } from '@hub/event-store';
import { digestRows } from './digest';
import type { EventFeed } from './event-feed';
import { assertTableName, type Projection } from './projection';

/** What a replay produced. */
export interface Filled<Row extends object = object> {
  /** Events read from the source, including those the filters passed over. */
  read: number;
  /** Events applied to the projection. */
  applied: number;
  digest: string;
  rows: Row[];
}

export type Progress = (applied: number) => void;

/**
 * Creates `table` afresh (dropping a leftover of an interrupted rebuild) and feeds it, one transaction per
 * batch: a crash leaves a half-filled scratch table, never a half-changed live one.
 */
export async function fillTable<Row extends object>(target: Pool, projection: Projection<Row>, table: string, feed: EventFeed, onProgress?: Progress): Promise<Filled<Row>> {
  assertTableName(table);
  if (table === projection.table) throw new RangeError(`refusing to replay into the live table ${table}; rebuild into a twin and swap`);
  await target.query(`DROP TABLE IF EXISTS ${table}`);
  await target.query(projection.ddl(table));
  let applied = 0;
  const read = await feed(async (events) => {
    await inTransaction(target, async (tx) => {
      for (const event of events) await projection.apply(tx, table, event);
    });
    applied += events.length;
    onProgress?.(applied);
  });
  const rows = await projection.rows(target, table);
  return { read, applied, rows, digest: digestRows(rows) };
}

/** Folds the feed in memory: for as-of queries that must not write anywhere (a read-only copy, Kafka only). */
export async function foldInMemory<Row extends object>(projection: Projection<Row>, feed: EventFeed, onProgress?: Progress): Promise<Filled<Row>> {
  const memory = projection.memory();
  let applied = 0;
  const read = await feed(async (events) => {
    for (const event of events) memory.apply(event);
    applied += events.length;
    onProgress?.(applied);
  });
  const rows = memory.rows();
  return { read, applied, rows, digest: digestRows(rows) };
}
