import { randomUUID } from 'node:crypto';
import type { Pool, PoolClient } from 'pg';
import { contractOf, upcastEvent } from '@hub/contracts';
import { handleCommand, type CommandResult, type Decider, type DomainEvent } from '@hub/event-store';
import { traceMetadata } from '@hub/messaging';

/** What to store for a decided event and how to read history back (personal fields encrypted per subject). */
export interface EventCodec<E extends DomainEvent> {
  encode: (event: E) => Promise<unknown>;
  decode: (event: E) => Promise<unknown>;
}

/** Load, decide, append with the expected version (bounded retries): the one write path of every aggregate here. */
export function runCommand<C, S, E extends DomainEvent>(
  pool: Pool,
  streamId: string,
  decider: Decider<C, S, E>,
  command: C,
  alongside?: (tx: PoolClient, events: E[]) => Promise<void>,
  codec?: EventCodec<E>,
): Promise<CommandResult<S, E>> {
  return handleCommand<C, S, E>(pool, streamId, decider, command, {
    schemaVersionOf: (type) => contractOf(type).schemaVersion,
    upcast: upcastEvent,
    newEventId: randomUUID,
    metadata: traceMetadata(),
    alongside,
    ...codec,
  });
}
