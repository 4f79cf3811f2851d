import fc from 'fast-check';
import { DOMAIN_KEY_BYTES, domainMasterKeyOf, newDomainKey, recordRefFor, rewrapDomainKey, unwrapDomainKey, wrapDomainKey } from './domain-keys';
import { parseDomain, projectOf } from './pseudonym-domains';
import { findCprLike } from '@hub/messaging';

const master = domainMasterKeyOf(Buffer.alloc(32, 7));
const otherMaster = domainMasterKeyOf(Buffer.alloc(32, 8));

describe('domain key wrapping', () => {
  it('gives back the domain key it wrapped, and never stores it in clear', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: DOMAIN_KEY_BYTES, maxLength: DOMAIN_KEY_BYTES }), fc.integer({ min: 1, max: 1000 }), (bytes, version) => {
        const key = Buffer.from(bytes);
        const wrapped = wrapDomainKey(master, 'research:knee', version, key);
        expect(wrapped.ct.equals(key)).toBe(false);
        expect(unwrapDomainKey(master, 'research:knee', version, wrapped)).toEqual(key);
      }),
    );
  });

  it('does not unwrap under another master key, for another domain or version, or when altered', () => {
    const key = newDomainKey();
    const wrapped = wrapDomainKey(master, 'quality', 1, key);
    expect(() => unwrapDomainKey(otherMaster, 'quality', 1, wrapped)).toThrow(/does not unwrap/);
    expect(() => unwrapDomainKey(master, 'research:knee', 1, wrapped)).toThrow(/does not unwrap/);
    expect(() => unwrapDomainKey(master, 'quality', 2, wrapped)).toThrow(/does not unwrap/);
    const flipped = Buffer.from(wrapped.ct);
    flipped[0] ^= 1;
    expect(() => unwrapDomainKey(master, 'quality', 1, { ...wrapped, ct: flipped })).toThrow(/does not unwrap/);
    expect(() => unwrapDomainKey(domainMasterKeyOf(Buffer.alloc(32, 7), 2), 'quality', 1, wrapped)).toThrow(/master v1, not v2/);
  });

  it('re-wraps a domain key under a new master key without changing it (master key rotation)', () => {
    const key = newDomainKey();
    const next = domainMasterKeyOf(Buffer.alloc(48, 9), 2);
    const rewrapped = rewrapDomainKey(master, next, 'quality', 3, wrapDomainKey(master, 'quality', 3, key));
    expect(rewrapped.masterVersion).toBe(2);
    expect(unwrapDomainKey(next, 'quality', 3, rewrapped)).toEqual(key);
  });

  it('refuses a master secret shorter than 32 bytes and a domain key of the wrong size', () => {
    expect(() => domainMasterKeyOf(Buffer.alloc(31))).toThrow(/at least 32 bytes/);
    expect(() => wrapDomainKey(master, 'quality', 1, Buffer.alloc(16))).toThrow(/32 bytes/);
  });

  it('derives different wrapping keys from different secrets, and uses all of a longer secret', () => {
    expect(domainMasterKeyOf(Buffer.alloc(32, 1)).key.equals(domainMasterKeyOf(Buffer.alloc(32, 2)).key)).toBe(false);
    const long = Buffer.alloc(64, 1);
    const changedTail = Buffer.from(long);
    changedTail[63] = 2;
    expect(domainMasterKeyOf(long).key.equals(domainMasterKeyOf(changedTail).key)).toBe(false);
  });
});

describe('record references', () => {
  it('are 26 lower-case base32 characters, stable per key, kind and id, and differ across keys and kinds', () => {
    const [a, b] = [newDomainKey(), newDomainKey()];
    expect(recordRefFor(a, 'response', 'r1')).toMatch(/^[a-z2-7]{26}$/);
    expect(recordRefFor(a, 'response', 'r1')).toBe(recordRefFor(a, 'response', 'r1'));
    expect(recordRefFor(a, 'response', 'r1')).not.toBe(recordRefFor(b, 'response', 'r1'));
    expect(recordRefFor(a, 'response', 'r1')).not.toBe(recordRefFor(a, 'dispatch', 'r1'));
  });
});

describe('domain names', () => {
  it.each([
    ['quality', 'quality'],
    ['research:knee-2026', 'research:knee-2026'],
  ])('reads %s', (value, domain) => expect(parseDomain(value)).toBe(domain));
  it.each(['', 'Quality', 'research:', 'research:Knee', `research:${'a'.repeat(41)}`, 'treatment', 'research:knee:2'])('refuses %j', (value) => expect(parseDomain(value)).toBeUndefined());
  it('names the project of a research domain', () => {
    expect(projectOf('research:knee-2026')).toBe('knee-2026');
    expect(projectOf('quality')).toBeUndefined();
  });
});

describe('record references never look like a CPR number', () => {
  it('for any key and id: the privacy guard would otherwise dead-letter the record that carries one', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 32, maxLength: 32 }), fc.string(), (bytes, id) => {
        expect(findCprLike({ ref: recordRefFor(Buffer.from(bytes), 'dispatch', id) })).toBeUndefined();
      }),
      { numRuns: 5000 },
    );
  });
});
