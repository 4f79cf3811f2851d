import { Client } from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import { WholeRowChunks } from './copy-text';

/** Rows are handed on in chunks of about this size: big enough that per-chunk work costs little. */
const CHUNK_BYTES = 256 * 1024;

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
    // No idle-in-transaction limit for this session (the hub's servers end a service's idle transaction after a
    // minute): the exporting connection waits, idle in its transaction, while threads read a large log.
    await client.query("SET TimeZone TO 'GMT'; SET DateStyle TO 'ISO'; SET idle_in_transaction_session_timeout = 0; BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
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
