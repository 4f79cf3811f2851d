import type { EventRecord } from './event-row';
import { compareDecimal, type Problem } from './problem';

/** One row of `audit_sequence`. */
export interface SequenceRow {
  seq: number;
  position: string;
  /** Hex. */
  eventHash: string;
}

export interface SequenceSummary {
  entries: number;
  /** Events committed after the last sealed one: not sealed yet, which is normal for the newest few. */
  unsealedTail: number;
}

/** Commit order: (transaction id, position), compared as decimal strings (no BigInt per event on the hot path). */
type CommitKey = readonly [string, string];
const keyOf = (e: EventRecord): CommitKey => [e.transactionId ?? '0', e.position];
const after = (a: CommitKey, b: CommitKey) => {
  const byTx = compareDecimal(a[0], b[0]);
  return byTx > 0 || (byTx === 0 && compareDecimal(a[1], b[1]) > 0);
};

/**
 * The audit sequence must be dense from 0, name existing events with their stored hashes, follow commit order,
 * and cover every event except a tail committed after the last sealed one (the sealer runs behind writers).
 */
export function checkSequence(rows: readonly SequenceRow[], events: ReadonlyMap<string, EventRecord>): { summary: SequenceSummary; problems: Problem[] } {
  const problems: Problem[] = [];
  const sealed = new Set<string>();
  let last: CommitKey | undefined;
  for (const [i, row] of rows.entries()) {
    const at = { area: 'sequence' as const, seq: row.seq, position: row.position };
    if (row.seq !== i) {
      problems.push({ ...at, kind: 'sequence-gap', message: `audit sequence is not dense: seq ${i} missing (next present is ${row.seq})` });
      break;
    }
    sealed.add(row.position);
    const event = events.get(row.position);
    if (!event) {
      problems.push({ ...at, kind: 'sealed-event-missing', message: `the audit sequence names this position, which is not in the log (deleted?)` });
      continue;
    }
    const named = { ...at, streamId: event.streamId, streamVersion: event.streamVersion, eventId: event.eventId };
    if (row.eventHash !== event.storedHash) {
      problems.push({ ...named, kind: 'sealed-hash-differs', message: `sealed with hash ${row.eventHash}, the event now has ${event.storedHash}` });
    }
    const key = keyOf(event);
    if (last && !after(key, last)) problems.push({ ...named, kind: 'sequence-order', message: 'audit sequence out of commit order' });
    last = key;
  }
  let unsealedTail = 0;
  for (const event of events.values()) {
    if (sealed.has(event.position)) continue;
    if (last && !after(keyOf(event), last)) {
      problems.push({
        area: 'sequence',
        kind: 'unsealed-event',
        message: `not in the audit sequence though events committed after it are (inserted afterwards?): commit key (${event.transactionId}, ${event.position}), last sealed (${last[0]}, ${last[1]})`,
        streamId: event.streamId,
        streamVersion: event.streamVersion,
        eventId: event.eventId,
        position: event.position,
      });
    } else unsealedTail++;
  }
  return { summary: { entries: rows.length, unsealedTail }, problems };
}
