import { exactNumber, type EventColumns } from './event-columns';
import type { Problem } from './problem';

/** One row of `audit_sequence`. */
export interface SequenceRow {
  seq: number;
  position: string;
  /** Hex. */
  eventHash: string;
}

/** The audit sequence in seq order, a column per field (see EventColumns for why numbers). */
export interface SequenceColumns {
  seq: Float64Array;
  /** NaN where the row's position is not a number. */
  position: Float64Array;
  /** Lower-case hex. */
  eventHash: string[];
}

export interface SequenceSummary {
  entries: number;
  /** Events committed after the last sealed one: not sealed yet, which is normal for the newest few. */
  unsealedTail: number;
}

/** Commit order: (transaction id, position). */
const isAfter = (tx: number, position: number, lastTx: number, lastPosition: number) => tx > lastTx || (tx === lastTx && position > lastPosition);

/**
 * The audit sequence must be dense from 0, name existing events with their stored hashes, follow commit order,
 * and cover every event except a tail committed after the last sealed one (the sealer runs behind writers).
 */
export function checkSequence(rows: SequenceColumns, events: EventColumns): { summary: SequenceSummary; problems: Problem[] } {
  const problems: Problem[] = [];
  // Each position's event by index (the last of any that share one), and a flag per index for "sealed": one
  // Map of 200k positions rather than that and a Set of them as well.
  const indexOf = new Map<number, number>();
  // An unreadable event without a position (reported as such) can be named by no row: NaN would match NaN.
  for (let k = 0; k < events.position.length; k++) if (!Number.isNaN(events.position[k])) indexOf.set(events.position[k], k);
  const sealed = new Uint8Array(events.position.length);
  // The commit key of the last sealed event so far (seen: whether there is one).
  let seen = false;
  let lastTx = 0;
  let lastPosition = 0;
  const entries = rows.seq.length;
  // Indexed, and places named only for a problem: this loop runs once per event.
  for (let i = 0; i < entries; i++) {
    if (rows.seq[i] !== i) {
      problems.push({ ...where(rows, i), kind: 'sequence-gap', message: `audit sequence is not dense: seq ${i} missing (next present is ${rows.seq[i]})` });
      break;
    }
    const k = indexOf.get(rows.position[i]);
    if (k === undefined) {
      problems.push({ ...where(rows, i), kind: 'sealed-event-missing', message: `the audit sequence names this position, which is not in the log (deleted?)` });
      continue;
    }
    sealed[k] = 1;
    if (rows.eventHash[i] !== events.storedHash[k]) {
      problems.push({ ...where(rows, i, events, k), kind: 'sealed-hash-differs', message: `sealed with hash ${rows.eventHash[i]}, the event now has ${events.storedHash[k]}` });
    }
    const tx = events.transactionId[k];
    const position = events.position[k];
    if (seen && !isAfter(tx, position, lastTx, lastPosition)) problems.push({ ...where(rows, i, events, k), kind: 'sequence-order', message: 'audit sequence out of commit order' });
    seen = true;
    lastTx = tx;
    lastPosition = position;
  }
  let unsealedTail = 0;
  for (const k of indexOf.values()) {
    if (sealed[k]) continue;
    if (seen && !isAfter(events.transactionId[k], events.position[k], lastTx, lastPosition)) {
      problems.push({
        area: 'sequence',
        kind: 'unsealed-event',
        message: `not in the audit sequence though events committed after it are (inserted afterwards?): commit key (${events.transactionId[k]}, ${events.position[k]}), last sealed (${lastTx}, ${lastPosition})`,
        ...eventAt(events, k),
      });
    } else unsealedTail++;
  }
  return { summary: { entries, unsealedTail }, problems };
}

/** SequenceRow objects (an export's lines) as columns. */
export function sequenceColumnsOf(rows: readonly SequenceRow[]): SequenceColumns {
  const columns: SequenceColumns = { seq: new Float64Array(rows.length), position: new Float64Array(rows.length), eventHash: [] };
  rows.forEach((r, i) => {
    columns.seq[i] = r.seq;
    columns.position[i] = exactNumber(r.position);
    columns.eventHash.push(r.eventHash);
  });
  return columns;
}

function eventAt(events: EventColumns, k: number) {
  return { streamId: events.streamId[k], streamVersion: events.streamVersion[k], eventId: events.eventId[k], position: String(events.position[k]) };
}

/** Where a sequence problem is: the row, and the event it names if there is one. */
function where(rows: SequenceColumns, i: number, events?: EventColumns, k = 0) {
  const at = { area: 'sequence' as const, seq: rows.seq[i], position: Number.isNaN(rows.position[i]) ? '?' : String(rows.position[i]) };
  return events ? { ...at, ...eventAt(events, k) } : at;
}
