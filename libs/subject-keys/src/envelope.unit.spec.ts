import { randomBytes } from 'node:crypto';
import { definitionProblems, ENCRYPTED_FIELD_SCHEMA_ID } from '@hub/contracts';
import { isEncryptedField, openField, sealField, type EncryptedField } from './envelope';
import { EnvelopeTamperedError } from './errors';

const key = randomBytes(32);
const subject = '0d9c4a8e-5b1f-4c3a-9e2d-7f6a5b4c3d2e';

/** Flips one bit of a base64 field's bytes, as an attacker or a storage fault would. */
function flip(envelope: EncryptedField, field: 'iv' | 'ct' | 'tag'): EncryptedField {
  const bytes = Buffer.from(envelope[field], 'base64');
  bytes[0] ^= 0x01;
  return { ...envelope, [field]: bytes.toString('base64') };
}

describe('encrypted field envelope', () => {
  it('round-trips any JSON value under the subject key, and the ciphertext shows none of it', () => {
    for (const value of ['010190-1234', 42, true, null, { line: 'Nørregade 1', city: 'København' }, ['a', 'b']]) {
      const envelope = sealField(key, subject, 1, value);
      expect(openField(key, envelope)).toEqual(value);
      expect(JSON.stringify(envelope)).not.toContain('0101');
      expect(JSON.stringify(envelope)).not.toContain('Nørregade');
    }
  });

  it('has the documented shape and matches the contract definition event schemas reference', () => {
    const envelope = sealField(key, subject, 3, '010190-1234');
    expect(Object.keys(envelope).sort()).toEqual(['$enc', 'ct', 'iv', 'kv', 'subject', 'tag']);
    expect(envelope).toMatchObject({ $enc: 'aes-256-gcm/v1', subject, kv: 3 });
    expect(isEncryptedField(envelope)).toBe(true);
    expect(definitionProblems(ENCRYPTED_FIELD_SCHEMA_ID, envelope)).toEqual([]);
    expect(definitionProblems(ENCRYPTED_FIELD_SCHEMA_ID, { ...envelope, kv: 0 })).not.toEqual([]);
  });

  it('uses a fresh nonce per field: the same value encrypts differently every time', () => {
    const [a, b] = [sealField(key, subject, 1, 'x'), sealField(key, subject, 1, 'x')];
    expect(a.iv).not.toBe(b.iv);
    expect(a.ct).not.toBe(b.ct);
  });

  it.each(['iv', 'ct', 'tag'] as const)('detects a flipped bit in %s (GCM tag)', (field) => {
    expect(() => openField(key, flip(sealField(key, subject, 1, '010190-1234'), field))).toThrow(EnvelopeTamperedError);
  });

  it('detects an envelope moved to another subject or relabelled with another key version', () => {
    const envelope = sealField(key, subject, 1, '010190-1234');
    expect(() => openField(key, { ...envelope, subject: 'someone-else' })).toThrow(EnvelopeTamperedError);
    expect(() => openField(key, { ...envelope, kv: 2 })).toThrow(EnvelopeTamperedError);
  });

  it('refuses a truncated tag and the wrong key', () => {
    const envelope = sealField(key, subject, 1, 'x');
    expect(() => openField(key, { ...envelope, tag: Buffer.from(envelope.tag, 'base64').subarray(0, 4).toString('base64') })).toThrow(EnvelopeTamperedError);
    expect(() => openField(randomBytes(32), envelope)).toThrow(EnvelopeTamperedError);
  });
});
