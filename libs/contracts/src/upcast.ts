import type { EventPayloads, EventType } from './events';
import { contractOf, isKnownEventType } from './registry';
import { UPCASTERS } from './upcasters';
import { assertValidEvent, ContractViolation } from './validate';

/** An event's data in the current shape of its contract. */
export interface Upcast<T extends EventType = EventType> {
  schemaVersion: number;
  data: EventPayloads[T];
}

/**
 * Brings an event's data, stored or published under any known schema version, to the current version:
 * validates it against its own version's schema, applies the upcasters N → N+1 step by step, and validates
 * the result against the current schema (so a faulty upcaster is caught here, not in a handler).
 * Unknown types or versions, a version newer than this build knows, and a missing step are ContractViolations
 * (not retriable: the same bytes will fail the same way).
 */
export function upcastEvent<T extends EventType>(type: T | string, schemaVersion: number, data: unknown): Upcast<T> {
  if (!isKnownEventType(type)) throw new ContractViolation(type, ['unknown event type']);
  const current = contractOf(type).schemaVersion;
  assertValidEvent(type, schemaVersion, data);
  if (schemaVersion === current) return { schemaVersion, data: data as EventPayloads[T] };
  let shaped: unknown = data;
  for (let version = schemaVersion; version < current; version++) {
    const step = UPCASTERS[type]?.[version];
    if (!step) throw new ContractViolation(type, [`no upcaster from v${version} to v${version + 1}`]);
    shaped = step(shaped);
  }
  assertValidEvent(type, current, shaped);
  return { schemaVersion: current, data: shaped as EventPayloads[T] };
}
