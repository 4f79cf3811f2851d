import type { KeyObject } from 'node:crypto';
import { Client } from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import { readCheckpoints, type SignedCheckpoint } from '@hub/event-store';
import { parseCopyRows, rawByteaHex, WholeRowChunks } from './copy-text';
import { EVENT_COLUMNS, type EventRecord } from './event-row';
import type { LogCopy, Progress } from './log-copy';
import type { RowHasher } from './row-hasher';
import type { SequenceRow } from './sequence-checks';

/** Rows are handed to the hasher in chunks of about this size: big enough that messaging costs little. */
const CHUNK_BYTES = 256 * 1024;
const MAX_CHUNKS_IN_FLIGHT = 64;

/**
 * Connects read-only, in one repeatable-read snapshot (events, sequence and checkpoints as of one instant, even
 * while the service keeps writing and sealing), with the time format the row parser expects. 'GMT' rather than
 * 'UTC': it is built into Postgres, while 'UTC' needs the time zone database some builds (embedded) lack.
 * `snapshot`: another connection's exported snapshot (pg_export_snapshot) to read in instead of a new one.
 */
export async function openSnapshot(url: string, snapshot?: string): Promise<Client> {
  if (snapshot !== undefined && !/^[0-9A-Fa-f-]+$/.test(snapshot)) throw new Error(`not a snapshot id: ${snapshot}`);
  const client = new Client({ connectionString: url, application_name: 'hubctl' });
  try {
    await client.connect();
    await client.query("SET TimeZone TO 'GMT'; SET DateStyle TO 'ISO'; BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
    if (snapshot !== undefined) await client.query(`SET TRANSACTION SNAPSHOT '${snapshot}'`);
    return client;
  } catch (err) {
    await client.end().catch(() => undefined);
    throw err;
  }
}

/**
 * openSnapshot, exporting the snapshot so a second connection can read in it too; snapshot undefined where the
 * server will not export one (everything is then read on this connection, in turn).
 */
export async function openExportedSnapshot(url: string): Promise<{ client: Client; snapshot?: string }> {
  const client = await openSnapshot(url);
  try {
    const { rows } = await client.query<{ id: string }>('SELECT pg_export_snapshot() AS id');
    return { client, snapshot: rows[0].id };
  } catch {
    try {
      // Nothing has been read in the failed transaction: starting over loses nothing, all is read in the new one.
      await client.query('ROLLBACK; BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      return { client };
    } catch (err) {
      await client.end().catch(() => undefined);
      throw err;
    }
  }
}

/**
 * Streams `sql` (a COPY ... TO STDOUT) and hands whole rows to `onRows` in chunks, pausing when it says so. Each
 * chunk is alone in its ArrayBuffer (WholeRowChunks): a receiver may keep it or move it to a thread without
 * copying it again (concatenating and copying the 100 MB twice over took a third of the main thread's time).
 */
export async function streamCopy(client: Client, sql: string, onRows: (rows: Buffer) => Promise<void> | void): Promise<void> {
  const chunks = new WholeRowChunks(CHUNK_BYTES);
  for await (const chunk of client.query(copyTo(sql)) as AsyncIterable<Buffer>) {
    const rows = chunks.push(chunk);
    if (rows) await onRows(rows);
  }
  const rest = chunks.end();
  if (rest) await onRows(rest);
}

/**
 * Reads every event with COPY and hands the rows to the hasher's threads; resolves when the table has been read
 * (not hashed): the hashing promise is returned, so the caller can use the connection and the main thread
 * meanwhile.
 */
async function readEvents(client: Client, hasher: RowHasher, progress: Progress): Promise<{ hashed: Promise<EventRecord[]> }> {
  const { rows } = await client.query<{ n: string }>("SELECT greatest(reltuples, 0)::bigint AS n FROM pg_class WHERE relname = 'events'");
  const estimate = Number(rows[0]?.n ?? 0) || undefined;
  const parts: Promise<EventRecord[]>[] = [];
  let done = 0;
  await streamCopy(client, `COPY events (${EVENT_COLUMNS.join(', ')}) TO STDOUT`, async (chunk) => {
    const part = hasher.hash(chunk, true); // streamCopy's chunk, ours alone
    parts.push(part.then((r) => (progress((done += r.length), estimate), r)));
    // Backpressure, generous: reading runs ahead of hashing (COPY is faster), so the main thread is free for the
    // audit log's checks sooner; 64 chunks (16 MB) bound what waits in the threads' queues.
    if (hasher.pending > MAX_CHUNKS_IN_FLIGHT) await Promise.race(parts.slice(-hasher.pending));
  });
  const hashed = Promise.all(parts).then((p) => p.flat());
  // Awaited later; if reading the audit log fails first, its failure is the one reported, not an unhandled one.
  hashed.catch(() => undefined);
  return { hashed };
}

async function tableExists(client: Client, name: string): Promise<boolean> {
  const { rows } = await client.query<{ t: string | null }>('SELECT to_regclass($1)::text AS t', [name]);
  return rows[0].t !== null;
}

/** The audit sequence as COPY text (seq order): parsed here for the sequence checks, and by a thread for the tree. */
async function readSequenceText(client: Client): Promise<Buffer> {
  const chunks: Buffer[] = [];
  await streamCopy(client, 'COPY (SELECT seq, global_position, event_hash FROM audit_sequence ORDER BY seq) TO STDOUT', (chunk) => void chunks.push(chunk));
  return Buffer.concat(chunks);
}

/** Numbers and a bytea: nothing to unescape but the bytea's backslash, which rawByteaHex reads as it is. */
function parseSequence(text: Buffer): SequenceRow[] {
  return parseCopyRows(text.toString('utf8'), false).map((f) => ({ seq: Number(f[0]), position: f[1] ?? '?', eventHash: rawByteaHex(f[2]) }));
}

interface AuditLog {
  sequenceText: Buffer;
  checkpoints: SignedCheckpoint[];
}

async function readAuditLog(client: Client): Promise<AuditLog> {
  const sequenceText = await readSequenceText(client);
  return { sequenceText, checkpoints: await readCheckpoints(client) };
}

/** readAuditLog on a connection of its own in `snapshot`: beside the events' COPY instead of before it. */
async function readAuditLogBeside(url: string, snapshot: string): Promise<AuditLog> {
  const client = await openSnapshot(url, snapshot);
  try {
    return await readAuditLog(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * A copy of a service's log from its database (live, or restored from a pg_dump), read in one snapshot: the
 * events on one connection, the audit log on a second one in the same (exported) snapshot, so the events' COPY
 * starts at once (reading the audit log first held it back by a fifth of a second for 200k events).
 */
export async function readDatabase(url: string, hasher: RowHasher, progress: Progress, keys: ReadonlyMap<string, KeyObject> | undefined): Promise<LogCopy> {
  const { client, snapshot } = await openExportedSnapshot(url);
  try {
    if (!(await tableExists(client, 'events'))) throw new Error('no events table in this database');
    const source = `database ${redact(url)}`;
    // A service creates its audit tables when its sealer starts; their absence means they were dropped or the
    // log never ran under a sealer. Either way it cannot pass as sealed: report it (as a missing sequence).
    if (!(await tableExists(client, 'audit_sequence'))) {
      const { hashed } = await readEvents(client, hasher, progress);
      return { source, events: await hashed, sequence: [], checkpoints: [], notes: [], auditMissing: true };
    }
    // Without an exported snapshot the audit log is read first on this connection (same snapshot either way).
    const auditRead = snapshot === undefined ? await readAuditLog(client) : readAuditLogBeside(url, snapshot);
    // The checkpoint checks need only the audit log: in a thread beside the event hashing, as soon as it is read.
    const checkpointChecks = Promise.resolve(auditRead).then(({ sequenceText, checkpoints }) =>
      hasher.checkCheckpoints({ sequenceText: new Uint8Array(sequenceText), checkpoints, keys: keys && [...keys] }),
    );
    checkpointChecks.catch(() => undefined); // awaited below; a failure of reading the events is the one reported
    const { hashed } = await readEvents(client, hasher, progress);
    const { sequenceText, checkpoints } = await auditRead;
    const sequence = parseSequence(sequenceText);
    return { source, events: await hashed, sequence, checkpoints, checkpointChecks: await checkpointChecks, notes: [] };
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** The URL without its password, for the report. */
export function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return url;
  }
}
