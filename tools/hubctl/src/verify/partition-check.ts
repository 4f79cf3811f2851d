import type { Client } from 'pg';
import { checkChains } from './chain-checks';
import { copyRows } from './copy-rows';
import { columnsOf, type EventColumns } from './event-columns';
import { hashCopyRow } from './copy-row-bytes';
import { EVENT_COLUMNS, type EventRecord } from './event-row';
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
  const records: EventRecord[] = [];
  await copyRows(client, partitionCopySql(spec, (text) => client.escapeLiteral(text)), (row, start, end) => {
    records.push(hashCopyRow(row, start, end));
    if (records.length % 10_000 === 0) progress(records.length);
  });
  progress(records.length);
  const { streams, problems } = checkChains(records);
  return { columns: columnsOf(records), streams, problems };
}
