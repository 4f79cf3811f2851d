import type { Actor } from '@hub/access-policy';
import { denied } from '@hub/service-kit';

/**
 * A patient submits answers about themselves only: the response's subject must be their own patient id.
 * Other roles (a clinician entering answers with the patient) are limited by the route's @Roles.
 */
export function assertSubmitsForSelf(actor: Actor, body: unknown): void {
  if (actor.role !== 'patient') return;
  const reference = (body as { subject?: { reference?: unknown } } | null)?.subject?.reference;
  if (reference !== `Patient/${actor.patientId}`) throw denied('a patient may submit answers about themselves only (subject must be their own Patient)');
}
