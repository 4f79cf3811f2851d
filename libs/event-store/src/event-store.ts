import type { Checkpoint, Queryable, StoredEvent } from './types';

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
  hash: Buffer;
  prev_hash: Buffer;
}

const COLUMNS =
  'event_id, stream_id, stream_version, global_position, transaction_id::text AS transaction_id, type, schema_version, data, metadata, recorded_at, hash, prev_hash';

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
    hash: row.hash,
    prevHash: row.prev_hash,
  };
}


/** Version of a stream: 0 when it has no events. */
export async function streamVersion(db: Queryable, streamId: string): Promise<number> {
  const { rows } = await db.query<{ v: number | null }>('SELECT max(stream_version) AS v FROM events WHERE stream_id = $1', [streamId]);
  return rows[0]?.v ?? 0;
}

/** All events of one stream in version order. */
export async function readStream(db: Queryable, streamId: string): Promise<StoredEvent[]> {
  const { rows } = await db.query<EventRow>(`SELECT ${COLUMNS} FROM events WHERE stream_id = $1 ORDER BY stream_version`, [streamId]);
  return rows.map(toStoredEvent);
}

/**
 * Committed events after `after`, in commit order, never skipping one: only transactions older than the
 * oldest still in flight (pg_snapshot_xmin) are visible, so an event committed late by a slow transaction is
 * read after, not skipped. The ORDER BY names the table's columns: unqualified, `transaction_id` would be the
 * text output column, and '1000' sorts before '999' (a batch cut there skipped events once xids gained a digit).
 */
export async function readAllAfter(db: Queryable, after: Checkpoint, limit = 500): Promise<StoredEvent[]> {
  const { rows } = await db.query<EventRow>(`SELECT ${COLUMNS} ${COMMITTED_AFTER}`, afterParameters(after, limit));
  return rows.map(toStoredEvent);
}

/** The one definition of "committed after a checkpoint, in commit order" (see readAllAfter); $1, $2 = checkpoint, $3 = limit. */
const COMMITTED_AFTER = `FROM events
      WHERE (transaction_id, global_position) > ($1::text::xid8, $2::bigint)
        AND transaction_id < pg_snapshot_xmin(pg_current_snapshot())
      ORDER BY events.transaction_id, events.global_position
      LIMIT $3`;

const afterParameters = (after: Checkpoint, limit: number) => [after.transactionId.toString(), after.globalPosition.toString(), limit];

/**
 * A stored event in the form it is published: hashes in lower-case hex, `recordedAt` as the writer's ISO string,
 * positions as decimal strings. What a message carries is text, so the relay reads text: no Buffer, Date or
 * BigInt is made per event only to be turned back into text.
 */
export interface PublishableEvent {
  eventId: string;
  streamId: string;
  streamVersion: number;
  globalPosition: string;
  transactionId: string;
  type: string;
  schemaVersion: number;
  data: unknown;
  metadata: StoredEvent['metadata'];
  /** ISO-8601 with milliseconds (the writer's clock; the hash covers exactly this text). */
  recordedAt: string;
  hash: string;
  prevHash: string;
}

/**
 * The columns as the text they are published as, each formatted by Postgres: `recorded_at` as the writer's
 * `toISOString()` wrote it (UTC through AT TIME ZONE, so no session time zone or date style is involved; the
 * writer stores whole milliseconds, so MS is exact; 'YYYY' matches toISOString for years 1-9999).
 */
const PUBLISHABLE_COLUMNS =
  'event_id, stream_id, stream_version, global_position::text, transaction_id::text, type, schema_version, data, metadata, ' +
  `to_char(recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), encode(hash, 'hex'), encode(prev_hash, 'hex')`;

/**
 * Every column as the text Postgres sent: pg's per-column parsers (and their keyed row objects) cost more per
 * event than the relay's own work, and all but the two JSON columns are wanted as text anyway.
 */
const AS_TEXT = { getTypeParser: () => (text: string) => text };

/** readAllAfter, with each event as it is published (PublishableEvent): the relay's read. */
export async function readPublishableAfter(db: Queryable, after: Checkpoint, limit = 500): Promise<PublishableEvent[]> {
  const { rows } = await db.query<(string | null)[]>({ text: `SELECT ${PUBLISHABLE_COLUMNS} ${COMMITTED_AFTER}`, values: afterParameters(after, limit), rowMode: 'array', types: AS_TEXT });
  return rows.map((row) => ({
    eventId: row[0]!,
    streamId: row[1]!,
    streamVersion: Number(row[2]),
    globalPosition: row[3]!,
    transactionId: row[4]!,
    type: row[5]!,
    schemaVersion: Number(row[6]),
    data: JSON.parse(row[7]!) as unknown,
    metadata: row[8] === null ? {} : (JSON.parse(row[8]) as StoredEvent['metadata']),
    recordedAt: row[9]!,
    hash: row[10]!,
    prevHash: row[11]!,
  }));
}

/** A stored event as it is published (for callers that hold a StoredEvent already). */
export function publishableOf(event: StoredEvent): PublishableEvent {
  return {
    ...event,
    globalPosition: event.globalPosition.toString(),
    transactionId: event.transactionId.toString(),
    recordedAt: event.recordedAt.toISOString(),
    hash: event.hash.toString('hex'),
    prevHash: event.prevHash.toString('hex'),
  };
}

/** Where a reader stands after a published event. */
export function checkpointOfPublishable(event: PublishableEvent): Checkpoint {
  return { transactionId: BigInt(event.transactionId), globalPosition: BigInt(event.globalPosition) };
}

export function checkpointOf(event: StoredEvent): Checkpoint {
  return { transactionId: event.transactionId, globalPosition: event.globalPosition };
}
