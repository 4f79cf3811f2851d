import { decideAccess, decideUnitRecordRead, type Actor, type Decision } from '@hub/access-policy';
import { loadAccessState } from '@hub/access-replica';
import type { Queryable } from '@hub/event-store';
import { denied, illegalState } from '@hub/service-kit';

/**
 * The hub's one access decision for a unit (not a professional) reading what it would order: new answers,
 * recorded from `at` on. Professional blocks never match a unit's subject, so they do not stop a unit ordering:
 * the unit still treats the patient, and intake keeps the blocked professional from reading each answer.
 */
export async function orderingDecision(db: Queryable, patientId: string, unitSor: string, at: string): Promise<Decision> {
  const state = await loadAccessState(db, patientId);
  return decideAccess(state, { actor: { subject: `unit:${unitSor}`, role: 'clinician', orgSor: unitSor }, patientId, purpose: 'treatment', data: { kind: 'questionnaire-response', recordedAt: at }, at });
}

/**
 * A unit may order questionnaires for a patient only while the hub's one access decision would let it see the
 * answers: an active care relationship and no block on the unit. Asking the same function intake asks means
 * dispatch stops ordering the moment care ends or the patient blocks the unit (as soon as the event arrives).
 * Checked before the decider rather than inside it so the dispatch decider stays as it is for parallel work.
 */
export async function assertUnitMayOrder(db: Queryable, patientId: string, unitSor: string, at: string): Promise<void> {
  const decision = await orderingDecision(db, patientId, unitSor, at);
  if (decision.effect === 'deny') throw illegalState(`unit ${unitSor} may not order questionnaires for patient ${patientId}: ${decision.reason}`);
}

/** Whether the unit may still order for the patient at `at`, by the same decision as {@link assertUnitMayOrder}. */
export async function unitMayOrder(db: Queryable, patientId: string, unitSor: string, at: string): Promise<boolean> {
  return (await orderingDecision(db, patientId, unitSor, at)).effect === 'permit';
}

/**
 * A clinician orders, cancels and reads orders and dispatches for their own unit only (the token's organisation);
 * an administrator acts for any unit. Without this a clinician could name another unit and use its care.
 */
export function assertActsForUnit(actor: Actor, unitSor: string): void {
  // The same rule as reading the unit's records (decideUnitRecordRead), not logged: acting is recorded as events.
  if (decideUnitRecordRead(actor, unitSor).effect === 'deny') throw denied(`a ${actor.role} of ${actor.orgSor} may not act for unit ${unitSor}`);
}
