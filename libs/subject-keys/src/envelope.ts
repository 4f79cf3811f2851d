import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { EnvelopeTamperedError } from './errors';

/** The envelope format's name and version; part of the authenticated data, so a downgrade cannot go unnoticed. */
export const ENVELOPE_FORMAT = 'aes-256-gcm/v1';

/**
 * One encrypted personal field as stored in an event's data. Self-describing, so readers need no policy to
 * find it: `subject` names whose key opens it and `kv` which version of that subject's data key.
 * Binary parts are base64.
 */
export interface EncryptedField {
  $enc: typeof ENVELOPE_FORMAT;
  subject: string;
  kv: number;
  iv: string;
  ct: string;
  tag: string;
}

/** What a reader gets where an erased subject's field was: a typed marker, never the old value or a crash. */
export interface ErasedField {
  $erased: typeof ENVELOPE_FORMAT;
  subject: string;
  erasedAt: string;
}

/** Any JSON value: fields may hold strings, numbers, objects (an address) or arrays. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

const IV_BYTES = 12; // the GCM standard nonce; random per field, far below the 2^32 messages-per-key bound
const TAG_BYTES = 16;
export const DATA_KEY_BYTES = 32;

/**
 * Binds the ciphertext to its subject and key version: moving an envelope into another subject's event, or
 * relabelling its key version, fails authentication instead of decrypting under the wrong identity.
 */
const aadOf = (subject: string, kv: number) => Buffer.from(`${ENVELOPE_FORMAT}\n${subject}\n${kv}`, 'utf8');

/** True for a well-formed envelope of this format: how readers find encrypted fields without a policy. */
export function isEncryptedField(value: unknown): value is EncryptedField {
  const v = value as Partial<EncryptedField> | null;
  return (
    typeof v === 'object' && v !== null && v.$enc === ENVELOPE_FORMAT && typeof v.subject === 'string' && Number.isInteger(v.kv) &&
    typeof v.iv === 'string' && typeof v.ct === 'string' && typeof v.tag === 'string'
  );
}

/** True for the marker a reader gets in place of an erased subject's field. */
export function isErasedField(value: unknown): value is ErasedField {
  const v = value as Partial<ErasedField> | null;
  return typeof v === 'object' && v !== null && v.$erased === ENVELOPE_FORMAT && typeof v.subject === 'string';
}

/** Encrypts one JSON value under a subject's data key (pure apart from the random nonce). */
export function sealField(dataKey: Buffer, subject: string, kv: number, value: JsonValue): EncryptedField {
  if (dataKey.length !== DATA_KEY_BYTES) throw new RangeError(`data key must be ${DATA_KEY_BYTES} bytes`);
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', dataKey, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(aadOf(subject, kv));
  const ct = Buffer.concat([cipher.update(JSON.stringify(value), 'utf8'), cipher.final()]);
  return { $enc: ENVELOPE_FORMAT, subject, kv, iv: iv.toString('base64'), ct: ct.toString('base64'), tag: cipher.getAuthTag().toString('base64') };
}

/** Decrypts and authenticates one envelope; EnvelopeTamperedError when any part of it was altered. */
export function openField(dataKey: Buffer, envelope: EncryptedField): JsonValue {
  const tag = Buffer.from(envelope.tag, 'base64');
  const iv = Buffer.from(envelope.iv, 'base64');
  // A truncated tag would weaken authentication; node accepts short tags unless the length is checked.
  if (tag.length !== TAG_BYTES || iv.length !== IV_BYTES) throw new EnvelopeTamperedError(envelope.subject, envelope.kv);
  try {
    const decipher = createDecipheriv('aes-256-gcm', dataKey, iv, { authTagLength: TAG_BYTES });
    decipher.setAAD(aadOf(envelope.subject, envelope.kv));
    decipher.setAuthTag(tag);
    const plain = Buffer.concat([decipher.update(Buffer.from(envelope.ct, 'base64')), decipher.final()]);
    return JSON.parse(plain.toString('utf8')) as JsonValue;
  } catch {
    throw new EnvelopeTamperedError(envelope.subject, envelope.kv);
  }
}
