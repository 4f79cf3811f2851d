import { CommitOrderConflictError, EventIdReuseError, StreamConflictError } from './errors';
import { computeEventHash, ZERO_HASH } from './integrity/event-hash';
import type { AppendOptions, NewEvent, Queryable } from './types';

interface StreamHead {
  version: number;
  hash: Buffer;
  /** The head was written by a transaction younger than this one (see isBehindHead). */
  behind: boolean;
}

/** Appends of up to this many events use a prepared statement per size: planning costs more than the insert. */
const PREPARED_MAX_EVENTS = 16;

interface AppendContext {
  head: StreamHead;
  /** Which of the batch's event ids are already stored, and in which stream. */
  known: { event_id: string; stream_id: string }[];
}

/**
 * The stream's last version and hash (the next event's prev_hash; version 0 and zero hash when empty), whether
 * its writer is younger than this transaction, and any of the batch's event ids already stored: one round trip,
 * so hashing, idempotency and the commit-order check add none to an append.
 *
 * Commit order: readers order the log by (transaction id, position), and a transaction takes its id at its
 * first write, not at its commit. A transaction that took its id early (say, writing an inbox row first) and
 * appends a stream's next version only after a younger transaction committed the previous one would be read
 * before it: the relay would publish v2 before v1. Such an append is refused as a retriable conflict; the retry
 * runs in a fresh transaction, younger than every committed one. (A transaction with no id yet gets one at the
 * insert, necessarily younger than the head it saw, so only an already assigned id is compared.)
 */
async function readAppendContext(db: Queryable, streamId: string, eventIds: string[]): Promise<AppendContext> {
  const { rows } = await db.query<{ stream_version: number | null; hash: Buffer | null; behind: boolean | null; known: AppendContext['known'] | null }>(
    {
      name: 'hub_append_context',
      text: `SELECT h.stream_version, h.hash, h.behind, k.known
       FROM (SELECT 1) AS one
       LEFT JOIN LATERAL (SELECT stream_version, hash, transaction_id > pg_current_xact_id_if_assigned() AS behind
                            FROM events WHERE stream_id = $1 ORDER BY stream_version DESC LIMIT 1) h ON true
       LEFT JOIN LATERAL (SELECT json_agg(json_build_object('event_id', event_id, 'stream_id', stream_id)) AS known FROM events WHERE event_id = ANY($2::uuid[])) k ON true`,
      values: [streamId, eventIds],
    },
  );
  const row = rows[0];
  const head = row.stream_version === null ? { version: 0, hash: ZERO_HASH, behind: false } : { version: row.stream_version, hash: row.hash!, behind: row.behind === true };
  return { head, known: row.known ?? [] };
}

/**
 * Whether this batch was already appended (a command retried after its reply was lost): true when every id is
 * stored in this stream. Ids stored only in part, or in another stream, cannot come from a retry: refused.
 */
function isAlreadyAppended(streamId: string, eventIds: string[], known: AppendContext['known']): boolean {
  if (known.length === 0) return false;
  const inStream = new Set(known.filter((r) => r.stream_id === streamId).map((r) => r.event_id));
  if (known.length === eventIds.length && inStream.size === new Set(eventIds).size) return true;
  throw new EventIdReuseError(streamId, known.map((r) => r.event_id));
}

/**
 * Appends events to a stream if it is at `expectedVersion` (0 = new stream), hashing each one and chaining it to
 * the stream's last event (read in the same transaction). Must run inside a transaction when combined with
 * other writes. Two writers racing on the same version: the unique (stream, version) key lets exactly one
 * commit; the other gets a StreamConflictError. Appending a batch whose every event id is already in the
 * stream writes nothing and returns the current version, so a retried command does not duplicate its events.
 */
export async function appendToStream(db: Queryable, streamId: string, expectedVersion: number, events: NewEvent[], options: AppendOptions = {}): Promise<number> {
  if (events.length === 0) return expectedVersion;
  const eventIds = events.map((e) => e.eventId);
  const { head, known } = await readAppendContext(db, streamId, eventIds);
  if (isAlreadyAppended(streamId, eventIds, known)) return head.version;
  if (head.version !== expectedVersion) throw new StreamConflictError(streamId, expectedVersion, head.version);
  if (head.behind) throw new CommitOrderConflictError(streamId, expectedVersion);
  const recordedAt = (options.now ?? (() => new Date()))().toISOString();
  const values: unknown[] = [];
  let prevHash = head.hash;
  const tuples = events.map((e, i) => {
    const streamVersion = expectedVersion + i + 1;
    const metadata = e.metadata ?? {};
    const hash = computeEventHash({ eventId: e.eventId, streamId, streamVersion, type: e.type, schemaVersion: e.schemaVersion, data: e.data, metadata, recordedAt, prevHash });
    values.push(e.eventId, streamId, streamVersion, e.type, e.schemaVersion, JSON.stringify(e.data), JSON.stringify(metadata), recordedAt, hash, prevHash);
    prevHash = hash;
    const b = i * 10;
    return `($${b + 1}, $${b + 2}, $${b + 3}, $${b + 4}, $${b + 5}, $${b + 6}::jsonb, $${b + 7}::jsonb, $${b + 8}::timestamptz, $${b + 9}, $${b + 10})`;
  });
  const text = `INSERT INTO events (event_id, stream_id, stream_version, type, schema_version, data, metadata, recorded_at, hash, prev_hash) VALUES ${tuples.join(', ')}`;
  try {
    // Small appends (every command's) are prepared once per connection and size; large ones are rare and would
    // leave a prepared statement per size behind.
    await db.query(events.length <= PREPARED_MAX_EVENTS ? { name: `hub_append_${events.length}`, text, values } : text, values);
  } catch (err) {
    // A concurrent writer took the version, or committed this very batch first: either way a retry (reload, or
    // the idempotent path above) resolves it, so both surface as the retriable conflict.
    if (isUniqueViolation(err, 'events_stream_id_stream_version_key') || isUniqueViolation(err, 'events_event_id_key')) {
      throw new StreamConflictError(streamId, expectedVersion, await readAppendContext(db, streamId, []).then((c) => c.head.version, () => -1));
    }
    throw err;
  }
  return expectedVersion + events.length;
}

function isUniqueViolation(err: unknown, constraint: string): boolean {
  const e = err as { code?: string; constraint?: string };
  return e?.code === '23505' && e.constraint === constraint;
}
