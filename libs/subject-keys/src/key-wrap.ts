import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { DATA_KEY_BYTES } from './envelope';
import { SubjectKeyUnavailableError } from './errors';
import type { MasterKey } from './master-keyring';

/** A data key as stored: encrypted under one version of the master key. */
export interface WrappedKey {
  masterVersion: number;
  iv: Buffer;
  ct: Buffer;
  tag: Buffer;
}

/** Binds a wrapped key to its row: a wrapped key copied onto another subject or key version does not unwrap. */
const aadOf = (subject: string, kv: number, masterVersion: number) => Buffer.from(`subject-key/v1\n${subject}\n${kv}\n${masterVersion}`, 'utf8');

/** AES-256-GCM key wrap of a subject's data key under the master key. */
export function wrapDataKey(master: MasterKey, subject: string, kv: number, dataKey: Buffer): WrappedKey {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', master.key, iv, { authTagLength: 16 });
  cipher.setAAD(aadOf(subject, kv, master.version));
  const ct = Buffer.concat([cipher.update(dataKey), cipher.final()]);
  return { masterVersion: master.version, iv, ct, tag: cipher.getAuthTag() };
}

/** Unwraps a data key; SubjectKeyUnavailableError when the master version differs or anything was altered. */
export function unwrapDataKey(master: MasterKey, subject: string, kv: number, wrapped: WrappedKey): Buffer {
  if (master.version !== wrapped.masterVersion) throw new SubjectKeyUnavailableError(`data key of ${subject} is wrapped under master v${wrapped.masterVersion}, not v${master.version}`);
  try {
    const decipher = createDecipheriv('aes-256-gcm', master.key, wrapped.iv, { authTagLength: 16 });
    decipher.setAAD(aadOf(subject, kv, master.version));
    decipher.setAuthTag(wrapped.tag);
    const key = Buffer.concat([decipher.update(wrapped.ct), decipher.final()]);
    if (key.length !== DATA_KEY_BYTES) throw new Error('wrong length');
    return key;
  } catch {
    throw new SubjectKeyUnavailableError(`data key v${kv} of subject ${subject} does not unwrap under master v${master.version}: altered or wrong master key`);
  }
}
