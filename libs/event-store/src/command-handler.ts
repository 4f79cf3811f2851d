import type { Pool, PoolClient } from 'pg';
import { StreamConflictError } from './errors';
import { appendToStream } from './append';
import { readStream } from './event-store';
import { foldEvents, type Decider, type DomainEvent } from './decider';
import { inTransaction } from './transaction';
import type { EventMetadata, NewEvent, StoredEvent } from './types';
import { NotUpcastError, upcastStoredEvents, type EventUpcaster } from './upcast';

export interface HandleCommandOptions<E extends DomainEvent> {
  /** Schema version each event type is written with (contracts define them). */
  schemaVersionOf: (type: E['type']) => number;
  /** Fresh event ids; injected so tests and replays can be deterministic. */
  newEventId: () => string;
  metadata?: EventMetadata;
  /** Extra writes that must commit atomically with the events, e.g. a uniqueness index or an inline projection. */
  alongside?: (tx: PoolClient, events: E[]) => Promise<void>;
  /**
   * Brings stored events to the current shape of their type before the fold (pass `upcastEvent` from
   * @hub/contracts). Without it, a stream holding an older version than `schemaVersionOf` names is refused
   * with NotUpcastError rather than folded in a shape the decider was not written for.
   */
  upcast?: EventUpcaster;
  /**
   * Turns a decided event's data into the data to store, in the append transaction: e.g. personal fields
   * encrypted per subject (libs/subject-keys personalDataCodec). The decider, `alongside` and the result see
   * the decided data; the store, its hashes and Kafka see only what this returns. It gets the transaction and
   * must do its own reads and writes on it: a second pool connection deadlocks once the pool is busy.
   */
  encode?: (event: E, tx: PoolClient) => Promise<unknown>;
  /** The reverse for the fold, applied to history after upcasting: e.g. decrypting personal fields. */
  decode?: (event: E, tx: PoolClient) => Promise<unknown>;
  /** Attempts in all (first try included) before a StreamConflictError reaches the caller; default 3. */
  maxAttempts?: number;
  /** Clock for the events' `recordedAt`; defaults to now. */
  now?: () => Date;
}

/** The history as the decider expects it: every event in its type's current shape. */
function currentHistory<E extends DomainEvent>(streamId: string, history: StoredEvent[], options: HandleCommandOptions<E>): E[] {
  const current = options.upcast ? upcastStoredEvents(history, options.upcast) : history;
  return current.map((e) => {
    const expected = options.schemaVersionOf(e.type as E['type']);
    if (e.schemaVersion !== expected) throw new NotUpcastError(streamId, e.type, e.schemaVersion, expected);
    return { type: e.type, data: e.data } as E;
  });
}

async function decoded<E extends DomainEvent>(events: E[], decode: HandleCommandOptions<E>['decode'], tx: PoolClient): Promise<E[]> {
  if (!decode) return events;
  const out: E[] = [];
  for (const e of events) out.push({ ...e, data: await decode(e, tx) });
  return out;
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
        const state = foldEvents(decider, await decoded(currentHistory(streamId, history, options), options.decode, tx));
        const events = decider.decide(command, state);
        const toStore: NewEvent[] = [];
        for (const e of events) {
          toStore.push({
            eventId: options.newEventId(),
            type: e.type,
            schemaVersion: options.schemaVersionOf(e.type),
            data: options.encode ? await options.encode(e, tx) : e.data,
            metadata: options.metadata,
          });
        }
        const version = await appendToStream(tx, streamId, history.length, toStore, { now: options.now });
        if (options.alongside && events.length > 0) await options.alongside(tx, events);
        return { events, state: events.reduce(decider.evolve, state), version };
      });
    } catch (err) {
      if (!(err instanceof StreamConflictError) || attempt >= maxAttempts) throw err;
    }
  }
}
