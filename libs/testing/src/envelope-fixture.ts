import { createCipheriv, randomBytes } from 'node:crypto';
import type { EncryptedFieldData } from '@hub/contracts';

/**
 * A well-formed envelope (AES-256-GCM under a throwaway key) for tests that need a valid current
 * PatientRegistered without a consent service: nobody can open it, which is all a relay or consumer test
 * needs. Built here rather than with @hub/subject-keys, which itself is tested with this library (a cycle).
 */
export function throwawayEnvelope(subject: string, value = '0101901234'): EncryptedFieldData {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', randomBytes(32), iv, { authTagLength: 16 });
  const ct = Buffer.concat([cipher.update(JSON.stringify(value), 'utf8'), cipher.final()]);
  return { $enc: 'aes-256-gcm/v1', subject, kv: 1, iv: iv.toString('base64'), ct: ct.toString('base64'), tag: cipher.getAuthTag().toString('base64') };
}
