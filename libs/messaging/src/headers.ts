import type { IHeaders } from 'kafkajs';

/** Header names the relay writes on every event message; consumers read the same names. */
export const HEADER = {
  eventId: 'event-id',
  eventType: 'event-type',
  schemaVersion: 'schema-version',
  streamVersion: 'stream-version',
  position: 'position',
  /** Integrity (see @hub/event-store integrity): with these and the value, the chain verifies from Kafka alone. */
  eventHash: 'event-hash',
  prevHash: 'prev-hash',
  recordedAt: 'recorded-at',
  /** RFC 8785 JSON of the stored metadata: the hash covers it, so it travels exactly. */
  eventMetadata: 'event-metadata',
  traceparent: 'traceparent',
  tracestate: 'tracestate',
} as const;

export function headerString(headers: IHeaders | undefined, name: string): string | undefined {
  const raw = headers?.[name];
  const first = Array.isArray(raw) ? raw[0] : raw;
  if (first === undefined) return undefined;
  return Buffer.isBuffer(first) ? first.toString('utf8') : String(first);
}
