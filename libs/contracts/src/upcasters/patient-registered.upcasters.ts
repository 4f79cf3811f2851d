import type { PatientRegistered, PatientRegisteredV1, PatientRegisteredV2 } from '../events';
import { ContractViolation } from '../validate';

/**
 * v1 → v2 is refused on purpose. v1 holds the CPR number in clear and an upcaster (pure, keyless) cannot
 * encrypt it; passing the clear value on would put an unerasable CPR where every reader expects an envelope.
 * The project is pre-release, so v1 events exist only in dev/test data: recreate that data instead
 * (`scripts/hub.sh` reset). The schema stays registered so such bytes are named for what they are.
 */
export function patientRegisteredV1ToV2(v1: PatientRegisteredV1): never {
  throw new ContractViolation('PatientRegistered', [
    `v1 of patient ${v1.patientId} carries a clear CPR number and cannot be upcast to the encrypted v2; v1 exists only in pre-release dev/test data: recreate it`,
  ]);
}

/**
 * v2 → v3 leaves `birthDate` absent: the date is derived from the CPR number, which a v2 event holds only as an
 * envelope an upcaster cannot open (it has no keys, and must stay pure). Readers treat the age as unknown.
 */
export function patientRegisteredV2ToV3(v2: PatientRegisteredV2): PatientRegistered {
  return { patientId: v2.patientId, cpr: v2.cpr, registeredAt: v2.registeredAt };
}
