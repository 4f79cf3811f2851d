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

/**
 * Commit order: (transaction id, position), compared as decimal strings (no BigInt, nor a tuple, per event on the
 * hot path: this runs twice per event).
 */
const txOf = (e: EventRecord) => e.transactionId ?? '0';
const isAfter = (tx: string, position: string, lastTx: string, lastPosition: string) => {
  const byTx = compareDecimal(tx, lastTx);
  return byTx > 0 || (byTx === 0 && compareDecimal(position, lastPosition) > 0);
};

/**
 * The audit sequence must be dense from 0, name existing events with their stored hashes, follow commit order,
 * and cover every event except a tail committed after the last sealed one (the sealer runs behind writers).
 */
export function checkSequence(rows: readonly SequenceRow[], events: readonly EventRecord[]): { summary: SequenceSummary; problems: Problem[] } {
  const problems: Problem[] = [];
  // Each position's event by index (the last of any that share one), and a flag per index for "sealed": one
  // Map of 200k positions rather than that and a Set of them as well.
  const indexOf = new Map<string, number>();
  for (let k = 0; k < events.length; k++) indexOf.set(events[k].position, k);
  const sealed = new Uint8Array(events.length);
  // The commit key of the last sealed event so far (seen: whether there is one).
  let seen = false;
  let lastTx = '';
  let lastPosition = '';
  // Indexed, and places named only for a problem: this loop runs once per event.
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i];
    if (row.seq !== i) {
      problems.push({ ...where(row), kind: 'sequence-gap', message: `audit sequence is not dense: seq ${i} missing (next present is ${row.seq})` });
      break;
    }
    const k = indexOf.get(row.position);
    if (k === undefined) {
      problems.push({ ...where(row), kind: 'sealed-event-missing', message: `the audit sequence names this position, which is not in the log (deleted?)` });
      continue;
    }
    sealed[k] = 1;
    const event = events[k];
    if (row.eventHash !== event.storedHash) {
      problems.push({ ...where(row, event), kind: 'sealed-hash-differs', message: `sealed with hash ${row.eventHash}, the event now has ${event.storedHash}` });
    }
    const tx = txOf(event);
    if (seen && !isAfter(tx, event.position, lastTx, lastPosition)) problems.push({ ...where(row, event), kind: 'sequence-order', message: 'audit sequence out of commit order' });
    seen = true;
    lastTx = tx;
    lastPosition = event.position;
  }
  let unsealedTail = 0;
  for (const k of indexOf.values()) {
    if (sealed[k]) continue;
    const event = events[k];
    if (seen && !isAfter(txOf(event), event.position, lastTx, lastPosition)) {
      problems.push({
        area: 'sequence',
        kind: 'unsealed-event',
        message: `not in the audit sequence though events committed after it are (inserted afterwards?): commit key (${event.transactionId}, ${event.position}), last sealed (${lastTx}, ${lastPosition})`,
        streamId: event.streamId,
        streamVersion: event.streamVersion,
        eventId: event.eventId,
        position: event.position,
      });
    } else unsealedTail++;
  }
  return { summary: { entries: rows.length, unsealedTail }, problems };
}

/** Where a sequence problem is: the row, and the event it names if there is one. */
function where(row: SequenceRow, event?: EventRecord) {
  const at = { area: 'sequence' as const, seq: row.seq, position: row.position };
  return event ? { ...at, streamId: event.streamId, streamVersion: event.streamVersion, eventId: event.eventId } : at;
}
