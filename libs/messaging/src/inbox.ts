import type { PoolClient } from 'pg';

export const INBOX_DDL = `
CREATE TABLE IF NOT EXISTS inbox (
  consumer     text        NOT NULL,
  event_id     uuid        NOT NULL,
  topic        text        NOT NULL,
  partition    integer     NOT NULL,
  "offset"     bigint      NOT NULL,
  outcome      text        NOT NULL CHECK (outcome IN ('applied', 'dead-lettered')),
  processed_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (consumer, event_id)
);
CREATE TABLE IF NOT EXISTS consumer_offsets (
  consumer    text    NOT NULL,
  topic       text    NOT NULL,
  partition   integer NOT NULL,
  next_offset bigint  NOT NULL,
  PRIMARY KEY (consumer, topic, partition)
);`;

export interface InboxEntry {
  consumer: string;
  eventId: string;
  topic: string;
  partition: number;
  offset: string;
  outcome: 'applied' | 'dead-lettered';
}

/** Records the event as processed; false when it already was (a redelivery), so the caller skips it. */
export async function claimInboxEntry(tx: PoolClient, entry: InboxEntry): Promise<boolean> {
  const { rowCount } = await tx.query(
    `INSERT INTO inbox (consumer, event_id, topic, partition, "offset", outcome) VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (consumer, event_id) DO NOTHING`,
    [entry.consumer, entry.eventId, entry.topic, entry.partition, entry.offset, entry.outcome],
  );
  return rowCount === 1;
}

/** Stores the next offset to read in the same transaction as the effect, so the database is the source of truth. */
export async function storeOffset(tx: PoolClient, consumer: string, topic: string, partition: number, offset: string): Promise<void> {
  await tx.query(
    `INSERT INTO consumer_offsets (consumer, topic, partition, next_offset) VALUES ($1, $2, $3, $4)
     ON CONFLICT (consumer, topic, partition) DO UPDATE SET next_offset = EXCLUDED.next_offset`,
    [consumer, topic, partition, (BigInt(offset) + 1n).toString()],
  );
}
