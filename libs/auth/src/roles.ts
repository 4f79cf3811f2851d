import type { Role } from '@hub/contracts';

/** Every role a hub token may carry. */
export const ROLES: Role[] = ['clinician', 'patient', 'quality-database', 'researcher', 'auditor', 'administrator'];
