import type { ProjectedEvent } from './projection';

/**
 * A finite, ordered stream of events handed over in batches; resolves with the number of events read
 * (including those the filters passed over). Event store and Kafka feeds share this shape so rebuilds and
 * as-of queries do not care where the log copy comes from.
 */
export type EventFeed = (onBatch: (events: ProjectedEvent[]) => Promise<void>) => Promise<number>;

/** Which events of the log a replay takes: the projection's types, up to a time and/or a position. */
export interface FeedFilter {
  types: readonly string[];
  /** Only events recorded at or before this instant. */
  until?: Date;
}

export function isWanted(filter: FeedFilter, event: ProjectedEvent): boolean {
  return filter.types.includes(event.type) && (filter.until === undefined || event.at.getTime() <= filter.until.getTime());
}
