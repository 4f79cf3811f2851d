import type { KeyObject } from 'node:crypto';
import type { Client } from 'pg';
import { readCheckpoints, type SignedCheckpoint } from '@hub/event-store';
import { auditTree, checkCheckpoints } from './checkpoint-checks';
import { copyRows } from './copy-rows';
import { openExportedSnapshot, redact } from './database-read';
import { exactNumber } from './event-columns';
import { onlyStreamsNote, type LogCopy, type Progress } from './log-copy';
import { checkPartitions, readsInThreads } from './partitions';
import type { SequenceColumns } from './sequence-checks';

export interface DatabaseReadOptions {
  /** Partition threads (0: everything on the main thread). */
  workers: number;
  /** Only streams whose id starts with this; the audit log, which covers the whole log, is then not checked. */
  streamPrefix?: string;
  publicKeys: ReadonlyMap<string, KeyObject> | undefined;
}

async function tableExists(client: Client, name: string): Promise<boolean> {
  const { rows } = await client.query<{ t: string | null }>('SELECT to_regclass($1)::text AS t', [name]);
  return rows[0].t !== null;
}

async function estimatedEvents(client: Client): Promise<number | undefined> {
  const { rows } = await client.query<{ n: string }>("SELECT greatest(reltuples, 0)::bigint AS n FROM pg_class WHERE relname = 'events'");
  return Number(rows[0]?.n ?? 0) || undefined;
}

/**
 * The audit sequence in seq order, as columns, parsed from the COPY rows' bytes: numbers and a bytea, which
 * Postgres prints as `\\x` and hex (the backslash doubled by COPY).
 */
async function readSequence(client: Client): Promise<SequenceColumns> {
  const seq: number[] = [];
  const position: number[] = [];
  const eventHash: string[] = [];
  await copyRows(client, 'COPY (SELECT seq, global_position, event_hash FROM audit_sequence ORDER BY seq) TO STDOUT', (row, start, end) => {
    const first = row.indexOf(0x09, start);
    const second = first < 0 ? -1 : row.indexOf(0x09, first + 1);
    if (second < 0 || second >= end || row.toString('latin1', second + 1, second + 4) !== '\\\\x') {
      throw new Error(`unreadable audit sequence row: ${row.toString('utf8', start, Math.min(end, start + 100))}`);
    }
    seq.push(Number(row.toString('latin1', start, first)));
    position.push(exactNumber(row.toString('latin1', first + 1, second)));
    eventHash.push(row.toString('latin1', second + 4, end).toLowerCase());
  });
  return { seq: Float64Array.from(seq), position: Float64Array.from(position), eventHash };
}

interface AuditLog {
  sequence: SequenceColumns;
  checkpoints: SignedCheckpoint[];
}

async function readAuditLog(client: Client): Promise<AuditLog> {
  const sequence = await readSequence(client);
  return { sequence, checkpoints: await readCheckpoints(client) };
}

/**
 * A copy of a service's log from its database (live, or restored from a pg_dump), read in one snapshot. With
 * threads, each reads, hashes and chain-checks its partition of the events on a connection of its own in the
 * exported snapshot, while this thread reads the audit log and checks the checkpoints; the events' COPY, the
 * heaviest part of the work on both sides, then runs on as many Postgres backends as there are threads.
 */
export async function readDatabase(url: string, options: DatabaseReadOptions, progress: Progress): Promise<LogCopy> {
  const { client, snapshot } = await openExportedSnapshot(url);
  try {
    if (!(await tableExists(client, 'events'))) throw new Error('no events table in this database');
    const source = `database ${redact(url)}`;
    const estimate = await estimatedEvents(client);
    const checkEvents = () => checkPartitions({ url, client, snapshot }, options.workers, options.streamPrefix, (rows) => progress(rows, estimate));
    if (options.streamPrefix !== undefined) {
      return { source, events: await checkEvents(), notes: [onlyStreamsNote(options.streamPrefix)] };
    }
    // A service creates its audit tables when its sealer starts; their absence means they were dropped or the
    // log never ran under a sealer. Either way it cannot pass as sealed: report it (as a missing sequence).
    if (!(await tableExists(client, 'audit_sequence'))) return { source, events: await checkEvents(), notes: [], auditMissing: true };
    // On threads the events are read beside the audit log; on this connection alone, one after the other.
    const events = readsInThreads({ url, client, snapshot }, options.workers) ? checkEvents() : undefined;
    events?.catch(() => undefined); // awaited below; a failure of reading the audit log is the one reported first
    const { sequence, checkpoints } = await readAuditLog(client);
    const tree = auditTree(sequence.eventHash);
    const checkpointChecks = checkCheckpoints(checkpoints, tree, options.publicKeys);
    return { source, events: await (events ?? checkEvents()), sequence, checkpoints, checkpointChecks, tree, notes: [] };
  } finally {
    await client.end().catch(() => undefined);
  }
}
