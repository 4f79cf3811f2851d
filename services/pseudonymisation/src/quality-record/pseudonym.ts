import { createHmac } from 'node:crypto';

/**
 * Pseudonyms for the quality domain. A keyed hash (HMAC-SHA256), never a plain hash: CPR numbers and patient
 * ids are few enough to enumerate, so without the key anyone could rebuild the mapping. Re-identification is
 * therefore only possible where the key is, which keeps it an explicit act (DOMAIN.md, "Law and separation").
 */

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const CHECK_ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const BODY_LENGTH = 16;
const PSEUDONYM = /^[A-Z2-7]{16}[0-9A-Z]$/;

function hmac(key: Buffer, message: string): Buffer {
  return createHmac('sha256', key).update(message, 'utf8').digest();
}

/** RFC 4648 base32 of the leading bits of `bytes`, `length` characters long (no padding). */
export function base32(bytes: Buffer, length: number): string {
  let out = '';
  let buffer = 0;
  let bits = 0;
  for (const byte of bytes) {
    buffer = ((buffer << 8) | byte) & 0xffff;
    bits += 8;
    while (bits >= 5 && out.length < length) {
      out += BASE32[(buffer >> (bits - 5)) & 31];
      bits -= 5;
    }
    if (out.length === length) break;
  }
  return out;
}

/**
 * ISO 7064 MOD 37,36 (hybrid) check character over 0-9A-Z. A hybrid system catches every single substituted
 * character, which a plain sum mod 36 would not for values differing by a divisor of 36.
 */
export function checkCharacterOf(body: string): string {
  let product = 36;
  for (const ch of body) {
    const value = CHECK_ALPHABET.indexOf(ch);
    if (value < 0) throw new Error(`'${ch}' is outside the check alphabet`);
    const sum = (product + value) % 36 || 36;
    product = (sum * 2) % 37;
  }
  return CHECK_ALPHABET[(37 - product) % 36];
}

/** The patient's quality-domain pseudonym: 16 base32 characters of HMAC-SHA256(key, 'patient:' + id), then a check character. */
export function pseudonymFor(key: Buffer, patientId: string): string {
  const body = base32(hmac(key, `patient:${patientId}`), BODY_LENGTH);
  return body + checkCharacterOf(body);
}

/** True when `value` has the pseudonym's shape and its check character matches. */
export function isValidPseudonym(value: string): boolean {
  return PSEUDONYM.test(value) && checkCharacterOf(value.slice(0, BODY_LENGTH)) === value[BODY_LENGTH];
}
