import { decideAccess } from '@hub/access-policy';
import { loadAccessState } from '@hub/access-replica';
import type { Queryable } from '@hub/event-store';
import { illegalState } from '@hub/service-kit';

/**
 * A unit may order questionnaires for a patient only while the hub's one access decision would let it see the
 * answers: an active care relationship and no block on the unit. Asking the same function intake asks means
 * dispatch stops ordering the moment care ends or the patient blocks the unit (as soon as the event arrives).
 * Checked before the decider rather than inside it so the dispatch decider stays as it is for parallel work.
 */
export async function assertUnitMayOrder(db: Queryable, patientId: string, unitSor: string, at: string): Promise<void> {
  const state = await loadAccessState(db, patientId);
  const decision = decideAccess(state, { actor: { subject: `unit:${unitSor}`, role: 'clinician', orgSor: unitSor }, patientId, purpose: 'treatment', data: { kind: 'questionnaire-response' }, at });
  if (decision.effect === 'deny') throw illegalState(`unit ${unitSor} may not order questionnaires for patient ${patientId}: ${decision.reason}`);
}
