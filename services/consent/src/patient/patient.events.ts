import type { ConsentGranted, ConsentWithdrawn, PatientErased, PatientRegistered } from '@hub/contracts';
import type { ErasedField, PersonalDataPolicy } from '@hub/subject-keys';

/**
 * PatientRegistered as the decider sees it: the CPR number in clear when decided, and in history either the
 * decrypted number or, once the patient was erased, the library's marker. Only the envelope is ever stored
 * or published (PATIENT_PERSONAL_DATA); evolve never reads `cpr`.
 */
export type PatientRegisteredDecided = Omit<PatientRegistered, 'cpr'> & { cpr: string | ErasedField };

export type PatientEvent =
  | { type: 'PatientRegistered'; data: PatientRegisteredDecided }
  | { type: 'PatientErased'; data: PatientErased }
  | { type: 'ConsentGranted'; data: ConsentGranted }
  | { type: 'ConsentWithdrawn'; data: ConsentWithdrawn };

/** The patient's personal fields, encrypted under the patient's own key so erasure can make them unreadable. */
export const PATIENT_PERSONAL_DATA: PersonalDataPolicy = { PatientRegistered: { subject: 'patientId', fields: ['cpr'] } };

export const patientStreamId = (patientId: string) => `patient-${patientId}`;
