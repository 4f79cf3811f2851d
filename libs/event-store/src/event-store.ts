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
  const { rows } = await db.query<EventRow>(
    `SELECT ${COLUMNS} FROM events
      WHERE (transaction_id, global_position) > ($1::text::xid8, $2::bigint)
        AND transaction_id < pg_snapshot_xmin(pg_current_snapshot())
      ORDER BY events.transaction_id, events.global_position
      LIMIT $3`,
    [after.transactionId.toString(), after.globalPosition.toString(), limit],
  );
  return rows.map(toStoredEvent);
}

export function checkpointOf(event: StoredEvent): Checkpoint {
  return { transactionId: event.transactionId, globalPosition: event.globalPosition };
}
