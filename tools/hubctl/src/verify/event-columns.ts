import type { EventRecord } from './event-row';

/**
 * What the audit-sequence check needs of every event, a column per field: typed arrays and string arrays cross
 * between threads whole (structured cloning of 200,000 objects, each with its property names, was the largest
 * cost of verification's main thread). Positions and transaction ids are numbers: both are bigints in the
 * store, exact as doubles below 2^53, which a log reaches after 285 years at a million events a second.
 */
export interface EventColumns {
  /** NaN where the source had no readable position (an unreadable line of an export, a Kafka message without one). */
  position: Float64Array;
  /** 0 where the source has none (Kafka). */
  transactionId: Float64Array;
  streamVersion: Float64Array;
  /** Lower-case hex, as read. */
  storedHash: string[];
  streamId: string[];
  eventId: string[];
}

/** A decimal bigint as a number, or NaN when it is not one or would not be exact. */
export function exactNumber(decimal: string | undefined): number {
  if (decimal === undefined || !/^\d{1,16}$/.test(decimal)) return NaN;
  const n = Number(decimal);
  return Number.isSafeInteger(n) ? n : NaN;
}

export function columnsOf(records: readonly EventRecord[]): EventColumns {
  const n = records.length;
  const columns: EventColumns = { position: new Float64Array(n), transactionId: new Float64Array(n), streamVersion: new Float64Array(n), storedHash: [], streamId: [], eventId: [] };
  for (let k = 0; k < n; k++) {
    const r = records[k];
    columns.position[k] = exactNumber(r.position);
    columns.transactionId[k] = r.transactionId === undefined ? 0 : exactNumber(r.transactionId);
    columns.streamVersion[k] = r.streamVersion;
    columns.storedHash.push(r.storedHash);
    columns.streamId.push(r.streamId);
    columns.eventId.push(r.eventId);
  }
  return columns;
}

/** The columns of several parts (threads' partitions) as one. */
export function concatColumns(parts: readonly EventColumns[]): EventColumns {
  if (parts.length === 1) return parts[0];
  const n = parts.reduce((sum, p) => sum + p.position.length, 0);
  const joined: EventColumns = { position: new Float64Array(n), transactionId: new Float64Array(n), streamVersion: new Float64Array(n), storedHash: [], streamId: [], eventId: [] };
  let at = 0;
  for (const p of parts) {
    joined.position.set(p.position, at);
    joined.transactionId.set(p.transactionId, at);
    joined.streamVersion.set(p.streamVersion, at);
    at += p.position.length;
  }
  joined.storedHash = parts.flatMap((p) => p.storedHash);
  joined.streamId = parts.flatMap((p) => p.streamId);
  joined.eventId = parts.flatMap((p) => p.eventId);
  return joined;
}
