import { randomBytes } from 'node:crypto';
import type { EncryptedFieldData } from '@hub/contracts';
import { sealField } from '@hub/subject-keys';

/**
 * A real envelope (AES-256-GCM under a throwaway key) for tests that need a valid current PatientRegistered
 * without a consent service: nobody can open it, which is all a relay or consumer test needs.
 */
export function throwawayEnvelope(subject: string, value = '0101901234'): EncryptedFieldData {
  return sealField(randomBytes(32), subject, 1, value) as EncryptedFieldData;
}
