import type { Pool, PoolClient } from 'pg';
import { StreamConflictError } from './errors';
import { appendToStream } from './append';
import { readStream } from './event-store';
import { foldEvents, type Decider, type DomainEvent } from './decider';
import { inTransaction } from './transaction';
import type { EventMetadata, NewEvent } from './types';

export interface HandleCommandOptions<E extends DomainEvent> {
  /** Schema version each event type is written with (contracts define them). */
  schemaVersionOf: (type: E['type']) => number;
  /** Fresh event ids; injected so tests and replays can be deterministic. */
  newEventId: () => string;
  metadata?: EventMetadata;
  /** Extra writes that must commit atomically with the events, e.g. a uniqueness index or an inline projection. */
  alongside?: (tx: PoolClient, events: E[]) => Promise<void>;
  maxAttempts?: number;
  /** Clock for the events' `recordedAt`; defaults to now. */
  now?: () => Date;
}

export interface CommandResult<S, E> {
  events: E[];
  state: S;
  version: number;
}

/**
 * Loads a stream, decides, and appends with the expected version, retrying a bounded number of times when a
 * concurrent writer got there first (the decision is re-made on the fresh state, never blindly re-appended).
 */
export async function handleCommand<C, S, E extends DomainEvent>(
  pool: Pool,
  streamId: string,
  decider: Decider<C, S, E>,
  command: C,
  options: HandleCommandOptions<E>,
): Promise<CommandResult<S, E>> {
  const maxAttempts = options.maxAttempts ?? 3;
  for (let attempt = 1; ; attempt++) {
    try {
      return await inTransaction(pool, async (tx) => {
        const history = await readStream(tx, streamId);
        const state = foldEvents(decider, history.map((e) => ({ type: e.type, data: e.data }) as E));
        const events = decider.decide(command, state);
        const toStore: NewEvent[] = events.map((e) => ({
          eventId: options.newEventId(),
          type: e.type,
          schemaVersion: options.schemaVersionOf(e.type),
          data: e.data,
          metadata: options.metadata,
        }));
        const version = await appendToStream(tx, streamId, history.length, toStore, { now: options.now });
        if (options.alongside && events.length > 0) await options.alongside(tx, events);
        return { events, state: events.reduce(decider.evolve, state), version };
      });
    } catch (err) {
      if (!(err instanceof StreamConflictError) || attempt >= maxAttempts) throw err;
    }
  }
}
