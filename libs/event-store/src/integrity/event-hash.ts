import { createHash } from 'node:crypto';
import { canonicalJson } from './canonical-json';

/** Length of every event hash (SHA-256). */
export const HASH_BYTES = 32;

/** `prev_hash` of a stream's first event: nothing came before it. */
export const ZERO_HASH: Buffer = Buffer.alloc(HASH_BYTES);

/** Exactly the fields an event hash covers (the shared integrity format); nothing else about the row is trusted. */
export interface HashableEvent {
  eventId: string;
  streamId: string;
  streamVersion: number;
  type: string;
  schemaVersion: number;
  /** As stored: ciphertext where a field is crypto-shredded, so erasing a key never breaks verification. */
  data: unknown;
  metadata: unknown;
  /** ISO-8601 with milliseconds, set by the writer. */
  recordedAt: string;
  prevHash: Buffer;
}

/** The RFC 8785 bytes the hash is taken over; exported so auditors can reproduce a hash by hand. */
export function canonicalEventBytes(event: HashableEvent): Buffer {
  return Buffer.from(
    canonicalJson({
      eventId: event.eventId,
      streamId: event.streamId,
      streamVersion: event.streamVersion,
      type: event.type,
      schemaVersion: event.schemaVersion,
      data: event.data,
      metadata: event.metadata,
      recordedAt: event.recordedAt,
      prevHash: event.prevHash.toString('hex'),
    }),
    'utf8',
  );
}

/** SHA-256 over the canonical encoding of the event, chaining it to its predecessor through `prevHash`. */
export function computeEventHash(event: HashableEvent): Buffer {
  return createHash('sha256').update(canonicalEventBytes(event)).digest();
}
