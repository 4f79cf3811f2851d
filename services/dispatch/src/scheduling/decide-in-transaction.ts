import { randomUUID } from 'node:crypto';
import type { PoolClient } from 'pg';
import { contractOf } from '@hub/contracts';
import { appendToStream, foldEvents, readStream, type Decider, type DomainEvent } from '@hub/event-store';
import { traceMetadata } from '@hub/messaging';

export interface Decision<S, E> {
  events: E[];
  state: S;
}

/**
 * Decides on one stream inside a transaction the caller owns, so several streams (an order and the dispatch it
 * issues) and the schedule rows change together or not at all. handleCommand owns its transaction, hence this
 * sibling; a concurrent writer surfaces as StreamConflictError and the caller's transaction rolls back whole.
 * TODO(event-store): move beside handleCommand once the integrity branch has settled the append path.
 */
export async function decideInTransaction<C, S, E extends DomainEvent>(tx: PoolClient, streamId: string, decider: Decider<C, S, E>, command: C): Promise<Decision<S, E>> {
  const history = await readStream(tx, streamId);
  const state = foldEvents(decider, history.map((e) => ({ type: e.type, data: e.data }) as E));
  const events = decider.decide(command, state);
  const metadata = traceMetadata();
  await appendToStream(
    tx,
    streamId,
    history.length,
    events.map((e) => ({ eventId: randomUUID(), type: e.type, schemaVersion: contractOf(e.type).schemaVersion, data: e.data, metadata })),
  );
  return { events, state: events.reduce(decider.evolve, state) };
}

/** The current state of a stream, folded. */
export async function loadState<S, E extends DomainEvent>(db: Pick<PoolClient, 'query'>, streamId: string, decider: Pick<Decider<unknown, S, E>, 'initialState' | 'evolve'>): Promise<S> {
  const history = await readStream(db, streamId);
  return foldEvents(decider, history.map((e) => ({ type: e.type, data: e.data }) as E));
}
