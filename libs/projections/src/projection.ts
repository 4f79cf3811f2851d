import type { Queryable } from '@hub/event-store';

/** An event as a projection sees it, whether read from an event store or from a Kafka topic. */
export interface ProjectedEvent {
  eventId: string;
  type: string;
  schemaVersion: number;
  streamId: string;
  data: unknown;
  /** When the log recorded it: `recorded_at` from an event store, the broker timestamp from Kafka. */
  at: Date;
}

/** The same projection folded in memory (for as-of queries on a read-only copy of the log). */
export interface MemoryProjection<Row extends object> {
  apply(event: ProjectedEvent): void;
  /** Rows in canonical order, identical to what `Projection.rows` reads from a table fed the same events. */
  rows(): Row[];
}

/**
 * A rebuildable read model. It owns one table whose name is a parameter, so the same definition fills the live
 * table, a `<table>_rebuild` twin, or an auditor's scratch table. `apply` must depend only on the events of
 * one key in order (Kafka orders per key, not across partitions), and `rows` must be canonical (a total
 * order, plain JSON values) so two tables fed the same events have equal digests.
 */
export interface Projection<Row extends object = object> {
  name: string;
  /** The live table. */
  table: string;
  /** Event types it reads; others in the source are passed over. */
  eventTypes: readonly string[];
  /** Kafka topics carrying those events. */
  topics: readonly string[];
  /** The consumer group feeding the live table, whose stored offsets say which messages it reflects. */
  consumer?: string;
  /** CREATE statements for a table of this name, its indexes named after it. */
  ddl(table: string): string;
  /** Applies one event inside the caller's transaction. */
  apply(tx: Queryable, table: string, event: ProjectedEvent): Promise<unknown>;
  rows(db: Queryable, table: string): Promise<Row[]>;
  memory(): MemoryProjection<Row>;
  /** What the projection says, from its rows, as its service would answer; `unit` narrows to one unit where it applies. */
  report(rows: Row[], filter: { unit?: string }): object[];
}

const IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;

/** Table names are interpolated into SQL, so only plain lower-case identifiers are accepted. */
export function assertTableName(name: string): string {
  if (!IDENTIFIER.test(name)) throw new RangeError(`not a plain table name: ${JSON.stringify(name)} (lower-case letters, digits, _; at most 63)`);
  return name;
}

export const rebuildTableOf = (projection: Pick<Projection, 'table'>) => `${projection.table}_rebuild`;
