import type { Queryable } from './types';

/**
 * The event table is also the outbox: the relay reads it in commit order. `transaction_id` records the
 * writing transaction so readers only pass positions whose transactions can no longer be in flight.
 * `hash` chains each event to its stream predecessor (`prev_hash`; see integrity/event-hash.ts); `recorded_at`
 * is set by the writer, not by Postgres, because the hash covers it and must be computable before the insert.
 */
export const EVENT_STORE_DDL = `
CREATE TABLE IF NOT EXISTS events (
  global_position bigserial PRIMARY KEY,
  transaction_id  xid8        NOT NULL DEFAULT pg_current_xact_id(),
  stream_id       text        NOT NULL,
  stream_version  integer     NOT NULL CHECK (stream_version > 0),
  event_id        uuid        NOT NULL UNIQUE,
  type            text        NOT NULL,
  schema_version  integer     NOT NULL,
  data            jsonb       NOT NULL,
  metadata        jsonb       NOT NULL DEFAULT '{}',
  recorded_at     timestamptz NOT NULL,
  hash            bytea       NOT NULL CHECK (length(hash) = 32),
  prev_hash       bytea       NOT NULL CHECK (length(prev_hash) = 32),
  UNIQUE (stream_id, stream_version)
);
CREATE INDEX IF NOT EXISTS events_commit_order ON events (transaction_id, global_position);
`;

/** Creates the event table if missing. Safe to run at every start. */
export async function ensureEventStoreSchema(db: Queryable): Promise<void> {
  await db.query(EVENT_STORE_DDL);
}
