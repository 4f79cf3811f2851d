import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { canonicalJson } from './canonical-json';
import { canonicalEventText, computeEventHash, computeEventHashHex, type HashableEvent } from './event-hash';

const event = fc.record({
  eventId: fc.uuid(),
  streamId: fc.string(),
  streamVersion: fc.integer({ min: 1 }),
  type: fc.string(),
  schemaVersion: fc.integer({ min: 1, max: 9 }),
  data: fc.jsonValue({ maxDepth: 3 }),
  metadata: fc.dictionary(fc.string(), fc.string()),
  recordedAt: fc.date({ noInvalidDate: true, min: new Date(0), max: new Date('9999-12-31') }).map((d) => d.toISOString()),
  prevHash: fc.uint8Array({ minLength: 32, maxLength: 32 }).map((b) => Buffer.from(b)),
});

describe('event hash format', () => {
  it('is SHA-256 over the RFC 8785 encoding of the nine shared fields, prevHash in hex', () => {
    fc.assert(
      fc.property(event, (e: HashableEvent) => {
        const text = canonicalJson({ ...e, prevHash: e.prevHash.toString('hex') });
        const expected = createHash('sha256').update(text, 'utf8').digest();
        return canonicalEventText(e) === text && computeEventHash(e).equals(expected) && computeEventHashHex(e) === expected.toString('hex');
      }),
      { numRuns: 300 },
    );
  });
});
