import type { Client } from 'pg';
import { copyRows } from './copy-rows';
import { hashCopyRow } from './copy-row-bytes';
import type { EventColumns } from './event-columns';
import { EVENT_COLUMNS } from './event-row';
import { PartitionColumns } from './partition-columns';
import type { Problem } from './problem';

/**
 * One of `parts` disjoint slices of the events table, cut by stream (a stream's events all fall in one part, so
 * its chain is checked whole where it is read); optionally only streams starting with a prefix.
 */
export interface PartitionSpec {
  part: number;
  parts: number;
  streamPrefix?: string;
}

/** A partition read, hashed and chain-checked: what the audit-sequence check needs of its events, and its problems. */
export interface CheckedPartition {
  columns: EventColumns;
  streams: number;
  problems: Problem[];
}

/**
 * The COPY of one partition. `mod(hashtext(..), n)` lies in (-n, n), so the parts `IN (k, -k)` for k = 0..n-1
 * cover every row exactly once (coalesce: a NULL stream id, which the schema forbids, still lands in part 0).
 * The whole table in one part is a plain `COPY events`: the same scan as the reference reading.
 */
export function partitionCopySql(spec: PartitionSpec, quote: (text: string) => string): string {
  const conditions: string[] = [];
  if (spec.parts > 1) conditions.push(`mod(hashtext(coalesce(stream_id, '')), ${spec.parts}) IN (${spec.part}, ${-spec.part})`);
  if (spec.streamPrefix !== undefined) conditions.push(`starts_with(stream_id, ${quote(spec.streamPrefix)})`);
  const columns = EVENT_COLUMNS.join(', ');
  return conditions.length === 0 ? `COPY events (${columns}) TO STDOUT` : `COPY (SELECT ${columns} FROM events WHERE ${conditions.join(' AND ')}) TO STDOUT`;
}

/** Reads one partition on `client` (in the verification's snapshot), hashing every row and checking every chain. */
export async function checkPartition(client: Client, spec: PartitionSpec, progress: (rows: number) => void): Promise<CheckedPartition> {
  const events = new PartitionColumns();
  await copyRows(client, partitionCopySql(spec, (text) => client.escapeLiteral(text)), (row, start, end) => {
    hashCopyRow(row, start, end, events);
    if (events.count % 10_000 === 0) progress(events.count);
  });
  progress(events.count);
  return events.finish();
}
