import { StreamConflictError } from './errors';
import { assertAppendable } from './stream-head';
import type { Checkpoint, NewEvent, Queryable, StoredEvent } from './types';

interface EventRow {
  event_id: string;
  stream_id: string;
  stream_version: number;
  global_position: string;
  transaction_id: string;
  type: string;
  schema_version: number;
  data: unknown;
  metadata: StoredEvent['metadata'];
  recorded_at: Date;
}

const COLUMNS =
  'event_id, stream_id, stream_version, global_position, transaction_id::text AS transaction_id, type, schema_version, data, metadata, recorded_at';

function toStoredEvent(row: EventRow): StoredEvent {
  return {
    eventId: row.event_id,
    streamId: row.stream_id,
    streamVersion: row.stream_version,
    globalPosition: BigInt(row.global_position),
    transactionId: BigInt(row.transaction_id),
    type: row.type,
    schemaVersion: row.schema_version,
    data: row.data,
    metadata: row.metadata ?? {},
    recordedAt: row.recorded_at,
  };
}

const PREPARED_MAX_EVENTS = 16;

/** Version of a stream: 0 when it has no events. */
export async function streamVersion(db: Queryable, streamId: string): Promise<number> {
  const { rows } = await db.query<{ v: number | null }>('SELECT max(stream_version) AS v FROM events WHERE stream_id = $1', [streamId]);
  return rows[0]?.v ?? 0;
}

/**
 * Appends events to a stream if it is at `expectedVersion` (0 = new stream). Must run inside a transaction
 * when combined with other writes. Two writers racing on the same version: the unique (stream, version)
 * key lets exactly one commit; the other gets a StreamConflictError.
 *
 * The version check and the insert are one statement (one round trip, the hot path of every command): the
 * insert only happens when the stream's current version is the expected one, so a stale or too-high expected
 * version inserts nothing, and a concurrent writer at the same version hits the unique key.
 */
export async function appendToStream(db: Queryable, streamId: string, expectedVersion: number, events: NewEvent[]): Promise<number> {
  if (events.length === 0) return expectedVersion;
  const values: unknown[] = [streamId, expectedVersion];
  const tuples = events.map((e, i) => {
    values.push(e.eventId, expectedVersion + i + 1, e.type, e.schemaVersion, JSON.stringify(e.data), JSON.stringify(e.metadata ?? {}));
    const b = 2 + i * 6;
    return `($${b + 1}::uuid, $1::text, $${b + 2}::integer, $${b + 3}::text, $${b + 4}::integer, $${b + 5}::jsonb, $${b + 6}::jsonb)`;
  });
  const text = `INSERT INTO events (event_id, stream_id, stream_version, type, schema_version, data, metadata)
     SELECT * FROM (VALUES ${tuples.join(', ')}) AS appended
      WHERE (SELECT coalesce(max(stream_version), 0) FROM events WHERE stream_id = $1) = $2::integer
        AND NOT EXISTS (SELECT 1 FROM events WHERE stream_id = $1 AND transaction_id > pg_current_xact_id_if_assigned())`;
  // Small appends (every command's) are prepared once per connection and event count: planning costs more
  // than the insert itself. Large ones are rare and would leave a prepared statement per size behind.
  const statement = events.length <= PREPARED_MAX_EVENTS ? { name: `hub_append_${events.length}`, text, values } : text;
  let inserted: number | null;
  try {
    ({ rowCount: inserted } = await db.query(statement, values));
  } catch (err) {
    if (isUniqueViolation(err, 'events_stream_id_stream_version_key')) {
      throw new StreamConflictError(streamId, expectedVersion, await streamVersion(db, streamId).catch(() => -1));
    }
    throw err;
  }
  if (inserted !== events.length) {
    // Nothing was written: find out why, for the caller's retry and its message.
    await assertAppendable(db, streamId, expectedVersion);
    throw new StreamConflictError(streamId, expectedVersion, await streamVersion(db, streamId));
  }
  return expectedVersion + events.length;
}

/** All events of one stream in version order. */
export async function readStream(db: Queryable, streamId: string): Promise<StoredEvent[]> {
  const { rows } = await db.query<EventRow>(`SELECT ${COLUMNS} FROM events WHERE stream_id = $1 ORDER BY stream_version`, [streamId]);
  return rows.map(toStoredEvent);
}

/**
 * Committed events after `after`, in commit order, never skipping one: only transactions older than the
 * oldest still in flight (pg_snapshot_xmin) are visible, so an event committed late by a slow transaction is
 * read after, not skipped.
 */
export async function readAllAfter(db: Queryable, after: Checkpoint, limit = 500): Promise<StoredEvent[]> {
  const { rows } = await db.query<EventRow>(
    `SELECT ${COLUMNS} FROM events
      WHERE (transaction_id, global_position) > ($1::text::xid8, $2::bigint)
        AND transaction_id < pg_snapshot_xmin(pg_current_snapshot())
      ORDER BY transaction_id, global_position
      LIMIT $3`,
    [after.transactionId.toString(), after.globalPosition.toString(), limit],
  );
  return rows.map(toStoredEvent);
}

export function checkpointOf(event: StoredEvent): Checkpoint {
  return { transactionId: event.transactionId, globalPosition: event.globalPosition };
}

function isUniqueViolation(err: unknown, constraint: string): boolean {
  const e = err as { code?: string; constraint?: string };
  return e?.code === '23505' && e.constraint === constraint;
}
