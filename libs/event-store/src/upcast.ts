import { readStream } from './event-store';
import type { Queryable, StoredEvent } from './types';

/**
 * Brings one stored event's data to the current shape of its type. The contracts library supplies it
 * (`upcastEvent` from @hub/contracts fits as is); the store takes it as a parameter so that it stays free of
 * any registry and stores whatever the service's contracts are.
 */
export type EventUpcaster = (type: string, schemaVersion: number, data: unknown) => { schemaVersion: number; data: unknown };

/**
 * The events with their data upcast. Only the in-memory copy changes: the stored row (and so its hash) keeps
 * the version it was written with.
 */
export function upcastStoredEvents(events: StoredEvent[], upcast: EventUpcaster): StoredEvent[] {
  return events.map((e) => {
    const current = upcast(e.type, e.schemaVersion, e.data);
    return current.schemaVersion === e.schemaVersion && current.data === e.data ? e : { ...e, schemaVersion: current.schemaVersion, data: current.data };
  });
}

/** One stream in version order, every event in the current shape of its type: what folds and read models need. */
export async function readStreamUpcast(db: Queryable, streamId: string, upcast: EventUpcaster): Promise<StoredEvent[]> {
  return upcastStoredEvents(await readStream(db, streamId), upcast);
}

/** Raised when a stream holds an event older than its type's current version and no upcaster was given. */
export class NotUpcastError extends Error {
  readonly code = 'illegal-state';
  readonly retriable = false;
  constructor(
    readonly streamId: string,
    readonly type: string,
    readonly storedVersion: number,
    readonly currentVersion: number,
  ) {
    super(`stream ${streamId} holds ${type} v${storedVersion} but the current version is v${currentVersion}: pass an upcast function`);
  }
}
