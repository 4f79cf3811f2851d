import { canonicalJsonFromText, computeEventHashHex, computeEventHashHexWith } from '@hub/event-store';
import { isoFromCopyTimestamp, parseCopyRows, rawByteaHex, unescapeCopyField as u } from './copy-text';

/** The events columns verify reads, in COPY order: the same table scan as a bare `COPY events TO STDOUT`. */
export const EVENT_COLUMNS = [
  'global_position',
  'transaction_id',
  'stream_id',
  'stream_version',
  'event_id',
  'type',
  'schema_version',
  'data',
  'metadata',
  'recorded_at',
  'hash',
  'prev_hash',
] as const;

/**
 * What verify keeps of one event after hashing it: enough to check chains, the audit sequence and to name the
 * event. Hashes in hex; `computedHash` is the hash recomputed from the content as read; `problem` is set when
 * the row could not even be read (bad JSON, bad timestamp).
 */
export interface EventRecord {
  position: string;
  /** Commit order key, with position: (transactionId, position). Absent from sources without it (Kafka). */
  transactionId?: string;
  streamId: string;
  streamVersion: number;
  eventId: string;
  storedHash: string;
  prevHash: string;
  computedHash: string;
  problem?: string;
}

/** The fields of one stored event as any source delivers them, before hashing. */
export interface RawEvent {
  position: string;
  transactionId?: string;
  streamId: string;
  streamVersion: number;
  eventId: string;
  type: string;
  schemaVersion: number;
  data: unknown;
  metadata: unknown;
  recordedAt: string;
  storedHash: string;
  prevHash: string;
}

/** Recomputes an event's hash from its content and keeps what verify needs. */
export function hashRawEvent(e: RawEvent): EventRecord {
  // RawEvent carries every hashed field under the shared names (prevHash in hex), so it hashes as it is.
  const computed = computeEventHashHex(e);
  return { position: e.position, transactionId: e.transactionId, streamId: e.streamId, streamVersion: e.streamVersion, eventId: e.eventId, storedHash: e.storedHash, prevHash: e.prevHash, computedHash: computed };
}

/**
 * The fields of one COPY row (EVENT_COLUMNS order, not yet unescaped) other than data and metadata; throws when
 * one cannot be read. Numbers, uuids and timestamps never carry escapes; the hashes are bytea, read without the
 * general unescaping.
 */
function fieldsFromCopy(f: readonly (string | null)[]): Omit<RawEvent, 'data' | 'metadata'> {
  return {
    position: f[0] ?? '?',
    transactionId: f[1] ?? undefined,
    streamId: u(f[2] ?? '?') ?? '?',
    streamVersion: Number(f[3]),
    eventId: f[4] ?? '?',
    type: u(f[5] ?? '') ?? '',
    schemaVersion: Number(f[6]),
    recordedAt: isoFromCopyTimestamp(f[9]),
    storedHash: rawByteaHex(f[10]),
    prevHash: rawByteaHex(f[11]),
  };
}

/** One COPY row as a RawEvent; throws when a field cannot be read (data first, as a reader meets them). */
export function rawEventFromCopy(f: readonly (string | null)[]): RawEvent {
  const data: unknown = JSON.parse(u(f[7] ?? 'null') ?? 'null');
  const metadata: unknown = JSON.parse(u(f[8] ?? '{}') ?? '{}');
  return { ...fieldsFromCopy(f), data, metadata };
}

/**
 * Hashes one COPY row. Data and metadata are canonicalised from their text where the fast path takes them (the
 * common case: jsonb without escapes or fractions); otherwise parsed and canonicalised (rawEventFromCopy), which
 * also reports a row that is not JSON. Either way the same canonical text is hashed.
 */
function hashCopyFields(f: readonly (string | null)[]): EventRecord {
  const data = canonicalJsonFromText(u(f[7] ?? 'null') ?? 'null');
  const metadata = data === undefined ? undefined : canonicalJsonFromText(u(f[8] ?? '{}') ?? '{}');
  if (data === undefined || metadata === undefined) return hashRawEvent(rawEventFromCopy(f));
  const e = fieldsFromCopy(f);
  const computedHash = computeEventHashHexWith(e, data, metadata);
  return { position: e.position, transactionId: e.transactionId, streamId: e.streamId, streamVersion: e.streamVersion, eventId: e.eventId, storedHash: e.storedHash, prevHash: e.prevHash, computedHash };
}

/** Hashes every row of a chunk of COPY text rows; a row that cannot be read is kept, with its problem. */
export function hashCopyRows(text: string): EventRecord[] {
  return parseCopyRows(text, false).map((f) => {
    try {
      return hashCopyFields(f);
    } catch (err) {
      const named = { position: f[0] ?? '?', transactionId: f[1] ?? undefined, streamId: u(f[2] ?? '?') ?? '?', streamVersion: Number(f[3]), eventId: f[4] ?? '?' };
      return { ...named, storedHash: '', prevHash: '', computedHash: '', problem: `unreadable row: ${(err as Error).message}` };
    }
  });
}
