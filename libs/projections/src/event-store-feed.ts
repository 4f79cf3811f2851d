import { assertValidEvent } from '@hub/contracts';
import { checkpointOf, readAllAfter, START, type Queryable, type StoredEvent } from '@hub/event-store';
import { isWanted, type EventFeed, type FeedFilter } from './event-feed';
import type { ProjectedEvent } from './projection';

export interface EventStoreFeedOptions extends FeedFilter {
  /** Only events at or before this global position. */
  position?: bigint;
  batchSize?: number;
}

const toProjected = (e: StoredEvent): ProjectedEvent => ({ eventId: e.eventId, type: e.type, schemaVersion: e.schemaVersion, streamId: e.streamId, data: e.data, at: e.recordedAt });

/**
 * The events of an event store (a live database or a restored dump) in commit order. Time and position
 * filters do not stop the read early: commit order is not recorded_at order, so a late-committing event
 * recorded before `until` may come after one recorded after it.
 */
export function eventStoreFeed(source: Queryable, options: EventStoreFeedOptions): EventFeed {
  return async (onBatch) => {
    let checkpoint = START;
    let read = 0;
    for (;;) {
      const events = await readAllAfter(source, checkpoint, options.batchSize ?? 1_000);
      if (events.length === 0) return read;
      checkpoint = checkpointOf(events[events.length - 1]);
      read += events.length;
      const wanted = events.filter((e) => (options.position === undefined || e.globalPosition <= options.position) && isWanted(options, toProjected(e)));
      for (const e of wanted) assertValidEvent(e.type, e.schemaVersion, e.data); // a corrupt log fails the replay loudly
      await onBatch(wanted.map(toProjected));
    }
  };
}

/** How many events of these types the store holds: the total for a progress bar. */
export async function countEvents(source: Queryable, types: readonly string[]): Promise<number> {
  const { rows } = await source.query<{ n: string }>('SELECT count(*) AS n FROM events WHERE type = ANY($1)', [types]);
  return Number(rows[0]?.n ?? 0);
}
