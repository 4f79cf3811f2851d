import { computeEventHashHex, ZERO_HASH, type HashableEvent } from './event-hash';

/**
 * One event's place in its stream's chain, with the hash recomputed from its content (by whoever read it).
 * Hashes are lower-case hex: that is how sources carry them, and comparing strings spares a conversion per event.
 */
export interface ChainLink {
  eventId: string;
  streamId: string;
  streamVersion: number;
  /** Global position in the source (a row's position, or a Kafka message's `position` header). */
  position: string;
  storedHash: string;
  prevHash: string;
  computedHash: string;
}

const ZERO_HEX = ZERO_HASH.toString('hex');

export type ChainProblemKind = 'hash-mismatch' | 'broken-link' | 'missing-version' | 'out-of-order' | 'duplicate-version';

/** The first thing wrong with a stream, named precisely enough to find the row. */
export interface ChainProblem {
  kind: ChainProblemKind;
  streamId: string;
  streamVersion: number;
  eventId: string;
  position: string;
  message: string;
}

/**
 * Checks one stream's links in the order given (callers sort by version when the source has no order of its
 * own): versions run 1..n without gaps, each stored hash matches the recomputed one, and each `prevHash` is the
 * previous event's hash (zero for version 1). Returns the first problem, or undefined when the chain holds.
 */
export function checkStreamLinks(links: readonly ChainLink[]): ChainProblem | undefined {
  let previous: ChainLink | undefined;
  for (const link of links) {
    const expected = (previous?.streamVersion ?? 0) + 1;
    if (link.streamVersion === expected && link.computedHash === link.storedHash && link.prevHash === (previous?.storedHash ?? ZERO_HEX)) {
      // The common case, decided without building anything: verification runs this once per event.
      previous = link;
      continue;
    }
    const at = { streamId: link.streamId, streamVersion: link.streamVersion, eventId: link.eventId, position: link.position };
    if (link.streamVersion === expected - 1 && previous) {
      return { kind: 'duplicate-version', ...at, message: `duplicate version ${link.streamVersion}` };
    }
    if (link.streamVersion < expected) {
      return { kind: 'out-of-order', ...at, message: `out of order: version ${link.streamVersion} after version ${expected - 1}` };
    }
    if (link.streamVersion > expected) {
      const missing = link.streamVersion === expected + 1 ? `version ${expected}` : `versions ${expected}..${link.streamVersion - 1}`;
      return { kind: 'missing-version', ...at, message: `missing ${missing} (next present is ${link.streamVersion})` };
    }
    if (link.computedHash !== link.storedHash) {
      return { kind: 'hash-mismatch', ...at, message: `hash mismatch: content hashes to ${link.computedHash}, stored hash is ${link.storedHash}` };
    }
    const expectedPrev = previous?.storedHash ?? ZERO_HEX;
    if (link.prevHash !== expectedPrev) {
      const of = previous ? `version ${previous.streamVersion}'s hash` : 'zero (first event)';
      return { kind: 'broken-link', ...at, message: `broken chain: prev_hash ${link.prevHash} is not ${of} ${expectedPrev}` };
    }
    previous = link;
  }
  return undefined;
}

/** A stored event with what is needed to check it: its hashable content, stored hash and position. */
export interface VerifiableEvent extends HashableEvent {
  prevHash: Buffer;
  hash: Buffer;
  position: string;
}

/** Recomputes every hash of one stream (given in version order) and checks the chain; see checkStreamLinks. */
export function verifyStreamChain(events: readonly VerifiableEvent[]): ChainProblem | undefined {
  return checkStreamLinks(events.map((e) => toChainLink(e)));
}

/** Builds a link by recomputing the event's hash from its content. */
export function toChainLink(event: VerifiableEvent): ChainLink {
  return {
    eventId: event.eventId,
    streamId: event.streamId,
    streamVersion: event.streamVersion,
    position: event.position,
    storedHash: event.hash.toString('hex'),
    prevHash: event.prevHash.toString('hex'),
    computedHash: computeEventHashHex(event),
  };
}
