import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { DATA_KEY_BYTES } from './envelope';
import { SubjectKeyUnavailableError } from './errors';
import type { MasterKey } from './master-keyring';

/** A key as stored: encrypted under one version of the master key. */
export interface WrappedKey {
  masterVersion: number;
  iv: Buffer;
  ct: Buffer;
  tag: Buffer;
}

/**
 * AES-256-GCM key wrap under a master key, bound to `context` (what the key is and where it is stored) and the
 * master version as associated data: a wrapped key copied onto another row does not unwrap. Shared by the
 * subjects' data keys (crypto-shredding) and the pseudonym domains' keys.
 */
export function wrapKey(master: MasterKey, context: string, key: Buffer, iv: Buffer = randomBytes(12)): WrappedKey {
  const cipher = createCipheriv('aes-256-gcm', master.key, iv, { authTagLength: 16 });
  cipher.setAAD(Buffer.from(`${context}\n${master.version}`, 'utf8'));
  const ct = Buffer.concat([cipher.update(key), cipher.final()]);
  return { masterVersion: master.version, iv, ct, tag: cipher.getAuthTag() };
}

/** The key, or undefined when the master version differs, the context is another or anything was altered. */
export function unwrapKey(master: MasterKey, context: string, wrapped: WrappedKey, length: number): Buffer | undefined {
  if (master.version !== wrapped.masterVersion) return undefined;
  try {
    const decipher = createDecipheriv('aes-256-gcm', master.key, wrapped.iv, { authTagLength: 16 });
    decipher.setAAD(Buffer.from(`${context}\n${master.version}`, 'utf8'));
    decipher.setAuthTag(wrapped.tag);
    const key = Buffer.concat([decipher.update(wrapped.ct), decipher.final()]);
    return key.length === length ? key : undefined;
  } catch {
    return undefined;
  }
}

const subjectContext = (subject: string, kv: number) => `subject-key/v1\n${subject}\n${kv}`;

/** A subject's data key wrapped under the master key. */
export function wrapDataKey(master: MasterKey, subject: string, kv: number, dataKey: Buffer): WrappedKey {
  return wrapKey(master, subjectContext(subject, kv), dataKey);
}

/** Unwraps a data key; SubjectKeyUnavailableError when the master version differs or anything was altered. */
export function unwrapDataKey(master: MasterKey, subject: string, kv: number, wrapped: WrappedKey): Buffer {
  if (master.version !== wrapped.masterVersion) throw new SubjectKeyUnavailableError(`data key of ${subject} is wrapped under master v${wrapped.masterVersion}, not v${master.version}`);
  const key = unwrapKey(master, subjectContext(subject, kv), wrapped, DATA_KEY_BYTES);
  if (!key) throw new SubjectKeyUnavailableError(`data key v${kv} of subject ${subject} does not unwrap under master v${master.version}: altered or wrong master key`);
  return key;
}
