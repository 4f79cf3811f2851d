import type { ConsentGranted, ConsentWithdrawn, PatientRegistered } from '@hub/contracts';

/**
 * PatientRegistered carries the CPR number in its one `cpr` field, so crypto-shredding can later encrypt
 * exactly that field per patient.
 */
export type PatientEvent =
  | { type: 'PatientRegistered'; data: PatientRegistered }
  | { type: 'ConsentGranted'; data: ConsentGranted }
  | { type: 'ConsentWithdrawn'; data: ConsentWithdrawn };

export const patientStreamId = (patientId: string) => `patient-${patientId}`;
