import type { ConsentGranted, PatientRegistered } from '@hub/contracts';

export type PatientEvent = { type: 'PatientRegistered'; data: PatientRegistered } | { type: 'ConsentGranted'; data: ConsentGranted };

export const patientStreamId = (patientId: string) => `patient-${patientId}`;
