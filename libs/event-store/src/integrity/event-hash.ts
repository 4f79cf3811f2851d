import { hash } from 'node:crypto';
import { canonicalJson, canonicalString } from './canonical-json';

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
  /** The previous event's hash: bytes, or lower-case hex as verifiers read it (no conversion per event). */
  prevHash: Buffer | string;
}

/**
 * The RFC 8785 text the hash is taken over (its UTF-8 bytes); exported so auditors can reproduce a hash by hand.
 * The nine members are written in their canonical (sorted) order directly rather than sorted per event:
 * event-hash.unit.spec.ts checks the result equals canonicalJson of the same object.
 */
export function canonicalEventText(e: HashableEvent): string {
  return canonicalEventTextWith(e, canonicalJson(e.data), canonicalJson(e.metadata));
}

/**
 * canonicalEventText with data and metadata already in RFC 8785 form (canonicalJsonFromText of the stored text,
 * say): verifiers reading text need not build the values.
 */
export function canonicalEventTextWith(e: Omit<HashableEvent, 'data' | 'metadata'>, canonicalData: string, canonicalMetadata: string): string {
  return (
    `{"data":${canonicalData},"eventId":${canonicalString(e.eventId)},"metadata":${canonicalMetadata},` +
    `"prevHash":"${typeof e.prevHash === 'string' ? e.prevHash : e.prevHash.toString('hex')}","recordedAt":${canonicalString(e.recordedAt)},"schemaVersion":${canonicalJson(e.schemaVersion)},` +
    `"streamId":${canonicalString(e.streamId)},"streamVersion":${canonicalJson(e.streamVersion)},"type":${canonicalString(e.type)}}`
  );
}

/** SHA-256 over the canonical encoding of the event, chaining it to its predecessor through `prevHash`. */
export function computeEventHash(event: HashableEvent): Buffer {
  return hash('sha256', canonicalEventText(event), 'buffer');
}

/** computeEventHash as lower-case hex: what verifiers compare (one-shot hashing, no intermediate Buffer). */
export function computeEventHashHex(event: HashableEvent): string {
  return hash('sha256', canonicalEventText(event), 'hex');
}

/** computeEventHashHex over data and metadata already canonical (see canonicalEventTextWith). */
export function computeEventHashHexWith(event: Omit<HashableEvent, 'data' | 'metadata'>, canonicalData: string, canonicalMetadata: string): string {
  return hash('sha256', canonicalEventTextWith(event, canonicalData, canonicalMetadata), 'hex');
}
