import type { EachMessagePayload } from 'kafkajs';
import { isKnownEventType, upcastEvent, type EventPayloads, type EventType } from '@hub/contracts';
import { HEADER, headerString } from './headers';

/** An event as a consumer sees it: validated against its contract and upcast to the current schema version. */
export interface ConsumedEvent<T extends EventType = EventType> {
  eventId: string;
  type: T;
  /** Always the contract's current version: older payloads are upcast before handlers see them. */
  schemaVersion: number;
  /** The version the producer wrote (the schema-version header); differs from schemaVersion when upcast. */
  publishedSchemaVersion: number;
  streamId: string;
  data: EventPayloads[T];
  topic: string;
  partition: number;
  offset: string;
}

/** A message that can never be applied, however often it is retried: dead-lettered at once. */
export class PoisonMessage extends Error {
  readonly retriable = false;
}

/** Reads, validates and upcasts one message; throws PoisonMessage or the contract's validation error. */
export function parseConsumedEvent(payload: Pick<EachMessagePayload, 'topic' | 'partition' | 'message'>): ConsumedEvent {
  const { topic, partition, message } = payload;
  const eventId = headerString(message.headers, HEADER.eventId);
  const type = headerString(message.headers, HEADER.eventType);
  const schemaVersion = Number(headerString(message.headers, HEADER.schemaVersion));
  if (!eventId || !type) throw new PoisonMessage('missing event-id or event-type header');
  if (!isKnownEventType(type)) throw new PoisonMessage(`unknown event type ${type}`);
  let data: unknown;
  try {
    data = JSON.parse(message.value?.toString('utf8') ?? '');
  } catch {
    throw new PoisonMessage('value is not JSON');
  }
  // Handlers are written against the current contract only; a bad or unknown-version payload is poison.
  const current = upcastEvent(type, schemaVersion, data);
  return { eventId, type, schemaVersion: current.schemaVersion, publishedSchemaVersion: schemaVersion, data: current.data, streamId: message.key?.toString('utf8') ?? '', topic, partition, offset: message.offset } as ConsumedEvent;
}
