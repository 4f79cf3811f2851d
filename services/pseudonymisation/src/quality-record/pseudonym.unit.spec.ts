import { createHmac } from 'node:crypto';
import { checkCharacterOf, isValidPseudonym, pseudonymFor } from './pseudonym';

const key = Buffer.alloc(32, 1);
const otherKey = Buffer.alloc(32, 2);
const patientId = '7b0d3c9e-0d7e-4f7a-9d57-3f0f3c8f5e11';
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

describe('pseudonyms', () => {
  it('are deterministic per key and patient, and have the contract shape', () => {
    const p = pseudonymFor(key, patientId);
    expect(pseudonymFor(key, patientId)).toBe(p);
    expect(p).toMatch(/^[A-Z2-7]{16}[0-9A-Z]$/);
    expect(isValidPseudonym(p)).toBe(true);
  });

  it('differ per key and per patient', () => {
    expect(pseudonymFor(otherKey, patientId)).not.toBe(pseudonymFor(key, patientId));
    expect(pseudonymFor(key, '0f0e0d0c-0b0a-4909-8807-060504030201')).not.toBe(pseudonymFor(key, patientId));
  });

  it('match an independent HMAC/base32 computation', () => {
    const digest = createHmac('sha256', key).update(`patient:${patientId}`).digest();
    const bits = [...digest.subarray(0, 10)].map((b) => b.toString(2).padStart(8, '0')).join('');
    const expected = (bits.match(/.{5}/g) ?? []).map((chunk) => 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'[parseInt(chunk, 2)]).join('');
    expect(pseudonymFor(key, patientId).slice(0, 16)).toBe(expected);
  });

  it('the check character catches every single changed character', () => {
    const p = pseudonymFor(key, patientId);
    for (let i = 0; i < p.length; i++) {
      for (const ch of ALPHABET) {
        if (ch === p[i]) continue;
        const changed = p.slice(0, i) + ch + p.slice(i + 1);
        expect(isValidPseudonym(changed)).toBe(false);
      }
    }
  });

  it('the check character catches swapped neighbours that differ', () => {
    const p = pseudonymFor(key, patientId);
    for (let i = 0; i < 15; i++) {
      if (p[i] === p[i + 1]) continue;
      expect(isValidPseudonym(p.slice(0, i) + p[i + 1] + p[i] + p.slice(i + 2))).toBe(false);
    }
  });

  it('follows ISO 7064 MOD 37,36', () => {
    // Published test vectors for the hybrid system (last character = check character).
    for (const protectedValue of ['A12425GABC1234002M', 'B159D8FA01240000K', '188166C7342000003']) {
      expect(checkCharacterOf(protectedValue.slice(0, -1))).toBe(protectedValue.slice(-1));
    }
    expect(() => checkCharacterOf('a')).toThrow(/check alphabet/);
  });

  it('rejects values of the wrong shape', () => {
    expect(isValidPseudonym('')).toBe(false);
    expect(isValidPseudonym('ABCDEFGHIJKLMNOP')).toBe(false);
    expect(isValidPseudonym('abcdefghijklmnop7')).toBe(false);
  });
});
