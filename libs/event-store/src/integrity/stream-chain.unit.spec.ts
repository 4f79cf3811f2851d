import { computeEventHash, ZERO_HASH, type HashableEvent } from './event-hash';
import { verifyStreamChain, type VerifiableEvent } from './stream-chain';

/** A correctly chained stream of n events, as the writer would store it. */
function chain(n: number, streamId = 'consent-1'): VerifiableEvent[] {
  const out: VerifiableEvent[] = [];
  let prevHash = ZERO_HASH;
  for (let v = 1; v <= n; v++) {
    const e: HashableEvent & { prevHash: Buffer } = {
      eventId: `00000000-0000-4000-8000-00000000000${v}`,
      streamId,
      streamVersion: v,
      type: 'ConsentGranted',
      schemaVersion: 1,
      data: { n: v, purpose: 'treatment' },
      metadata: { traceparent: '00-abc-def-01' },
      recordedAt: `2026-11-24T10:00:0${v}.000Z`,
      prevHash,
    };
    const hash = computeEventHash(e);
    out.push({ ...e, hash, position: String(100 + v) });
    prevHash = hash;
  }
  return out;
}

describe('computeEventHash', () => {
  it('is SHA-256 over the canonical encoding of exactly the shared fields', () => {
    const [e] = chain(1);
    // Member order and whitespace in the input do not matter; a changed value does.
    expect(computeEventHash({ ...e, data: { purpose: 'treatment', n: 1 } })).toEqual(e.hash);
    expect(computeEventHash({ ...e, data: { n: 1, purpose: 'quality' } })).not.toEqual(e.hash);
    expect(computeEventHash({ ...e, recordedAt: '2026-11-24T10:00:01.001Z' })).not.toEqual(e.hash);
    expect(e.hash).toHaveLength(32);
  });
});

describe('verifyStreamChain', () => {
  it('accepts an intact stream', () => {
    expect(verifyStreamChain(chain(5))).toBeUndefined();
  });

  it('names the event whose content changed', () => {
    const events = chain(5);
    events[2] = { ...events[2], data: { n: 3, purpose: 'quality' } };
    expect(verifyStreamChain(events)).toMatchObject({ kind: 'hash-mismatch', streamVersion: 3, eventId: events[2].eventId, position: '103' });
  });

  it('names a re-hashed forgery by its broken link to the successor', () => {
    const events = chain(5);
    const forged = { ...events[1], data: { n: 2, purpose: 'research' } };
    events[1] = { ...forged, hash: computeEventHash(forged) };
    expect(verifyStreamChain(events)).toMatchObject({ kind: 'broken-link', streamVersion: 3 });
  });

  it('names a deleted event as a missing version', () => {
    const events = chain(5);
    events.splice(2, 1);
    expect(verifyStreamChain(events)).toMatchObject({ kind: 'missing-version', streamVersion: 4, message: expect.stringContaining('missing version 3') });
  });

  it('names events read in the wrong order, or twice', () => {
    const events = chain(5);
    [events[1], events[2]] = [events[2], events[1]];
    expect(verifyStreamChain(events)).toMatchObject({ kind: 'missing-version', streamVersion: 3 });
    expect(verifyStreamChain([events[0], events[2], events[1]])).toBeUndefined();
    expect(verifyStreamChain([events[0], events[2], events[2]])).toMatchObject({ kind: 'duplicate-version', streamVersion: 2 });
    expect(verifyStreamChain([events[0], events[2], events[1], events[0]])).toMatchObject({ kind: 'out-of-order', streamVersion: 1 });
  });

  it('requires a zero prev_hash on version 1', () => {
    const [e] = chain(1);
    const withPrev = { ...e, prevHash: Buffer.alloc(32, 1) };
    expect(verifyStreamChain([{ ...withPrev, hash: computeEventHash(withPrev) }])).toMatchObject({ kind: 'broken-link', streamVersion: 1 });
  });
});
