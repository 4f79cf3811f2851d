import type { Actor } from '@hub/access-policy';
import { denied } from '@hub/service-kit';

/** A patient token acts for its own patient only; other roles are limited by the route's @Roles. */
export function assertActsFor(actor: Actor, patientId: string): void {
  if (actor.role === 'patient' && actor.patientId !== patientId.toLowerCase()) throw denied('a patient may act on their own record only');
}
