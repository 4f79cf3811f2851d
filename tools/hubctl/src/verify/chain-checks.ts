import { checkStreamLinks } from '@hub/event-store';
import type { EventRecord } from './event-row';
import { compareDecimal, type Problem } from './problem';

/**
 * Checks every stream: contiguity 1..n, each hash recomputed, each link to the predecessor. `inSourceOrder`
 * keeps the order events arrived in (a Kafka partition's order is evidence); otherwise streams are sorted by
 * version (a table has no order of its own). Returns the first problem of each broken stream.
 */
export function checkChains(records: readonly EventRecord[], inSourceOrder = false): { streams: number; problems: Problem[] } {
  const problems: Problem[] = [];
  const streams = new Map<string, EventRecord[]>();
  for (const r of records) {
    if (r.problem) {
      problems.push({ area: 'event', kind: 'unreadable', message: r.problem, streamId: r.streamId, streamVersion: r.streamVersion, eventId: r.eventId, position: r.position });
      continue;
    }
    const list = streams.get(r.streamId);
    if (list) list.push(r);
    else streams.set(r.streamId, [r]);
  }
  for (const list of streams.values()) {
    // A table read in physical order nearly always yields each stream in version order already: sorting only
    // when it did not (the same order either way) spares a comparator sort per stream.
    if (!inSourceOrder && !isAscending(list)) list.sort(byVersionThenPosition);
    const problem = checkStreamLinks(list);
    if (problem) problems.push({ area: problem.kind === 'hash-mismatch' ? 'event' : 'stream', ...problem });
  }
  return { streams: streams.size, problems };
}

const byVersionThenPosition = (a: EventRecord, b: EventRecord) => a.streamVersion - b.streamVersion || compareDecimal(a.position, b.position);

function isAscending(list: readonly EventRecord[]): boolean {
  for (let i = 1; i < list.length; i++) if (byVersionThenPosition(list[i - 1], list[i]) > 0) return false;
  return true;
}
