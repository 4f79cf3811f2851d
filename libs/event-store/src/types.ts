/** An event as the domain produces it: plain JSON data with a type and a schema version. */
export interface NewEvent<T extends string = string, D = unknown> {
  eventId: string;
  type: T;
  schemaVersion: number;
  data: D;
  metadata?: EventMetadata;
}

/** Context carried with every event so the relay can continue the trace and auditors can follow causes. */
export interface EventMetadata {
  traceparent?: string;
  tracestate?: string;
  correlationId?: string;
  causationId?: string;
  [key: string]: unknown;
}

/** An event as stored: stream position, global position and the committing transaction. */
export interface StoredEvent<D = unknown> {
  eventId: string;
  streamId: string;
  streamVersion: number;
  globalPosition: bigint;
  transactionId: bigint;
  type: string;
  schemaVersion: number;
  data: D;
  metadata: EventMetadata;
  recordedAt: Date;
  /** SHA-256 of the event's canonical encoding (integrity/event-hash.ts). */
  hash: Buffer;
  /** The previous event's hash in this stream; 32 zero bytes for version 1. */
  prevHash: Buffer;
}

/** Options of an append. */
export interface AppendOptions {
  /** The writer's clock for `recordedAt` (hashed, so it is fixed before the insert); defaults to now. */
  now?: () => Date;
}

/**
 * Where a reader stands in the global log. Commit order is (transactionId, globalPosition): positions are
 * assigned at insert, but transactions commit in any order, so the position alone would let a reader skip a
 * slower transaction's events.
 */
export interface Checkpoint {
  transactionId: bigint;
  globalPosition: bigint;
}

export const START: Checkpoint = { transactionId: 0n, globalPosition: 0n };

/** A statement with a `name`: Postgres parses and plans it once per connection (pg's prepared statements). */
export interface NamedStatement {
  name: string;
  text: string;
  values: unknown[];
}

/**
 * A statement whose rows come back as arrays of the columns' text (pg's `rowMode: 'array'`, with `types` whose
 * every parser returns the text): for reads that decode their rows themselves.
 */
export interface TextRowsStatement {
  text: string;
  values: unknown[];
  rowMode: 'array';
  types: { getTypeParser: () => (text: string) => string };
}

/** The subset of pg's client that the store needs: a pool for autonomous work, a client inside a transaction. */
export interface Queryable {
  query<R extends object = Record<string, unknown>>(text: string | NamedStatement | TextRowsStatement, values?: unknown[]): Promise<{ rows: R[]; rowCount: number | null }>;
}
