import type { PoolClient } from 'pg';
import type { AccessBlocked, CareRelationshipEnded, ConsentWithdrawn, OrderStopReason, PatientErased } from '@hub/contracts';
import type { ConsumedEvent } from '@hub/messaging';
import { stopOrder, stopOrdersFor } from '../order/stop-orders';
import { unitsWithPendingOrders } from '../scheduling/due-work.table';
import { orderingDecision, unitMayOrder } from './care-access';
import { recordPatientErased, recordTreatmentConsentWithdrawn } from './known-patients.table';

/** Who stopped the orders, as OrderStopped records it: the consent event that caused it, for tracing. */
const causedBy = (event: ConsumedEvent) => `consent-event:${event.eventId}`;

/**
 * An end or a block recorded ahead of time (it takes effect after it was recorded) stops nothing on arrival: the
 * occurrences due before it are still sent, and the first one due after it stops the order (stopOrderIfNoLongerAllowed,
 * when the scheduler issues it), so the orders stop at the end date rather than when the event arrived.
 */
const takesEffectLater = (effectiveAt: string, recordedAt: string) => Date.parse(effectiveAt) > Date.parse(recordedAt);

/**
 * Care ended: the unit's orders stop at the relationship's end. Stopped only when the replica (already updated
 * with this event) says the unit may no longer order then, so a unit with a following relationship that starts
 * exactly at that end keeps its orders.
 */
export async function stopOrdersOnCareEnded(tx: PoolClient, event: ConsumedEvent<'CareRelationshipEnded'>): Promise<string[]> {
  const { patientId, unitSor, validTo, recordedAt } = event.data as CareRelationshipEnded;
  if (takesEffectLater(validTo, recordedAt)) return [];
  if (await unitMayOrder(tx, patientId, unitSor, validTo)) return [];
  return stopOrdersFor(tx, { patientId, unitSor, reason: 'care-ended', at: validTo, by: causedBy(event) });
}

/**
 * A block: the units it targets stop, re-checked with the same decision ordering uses (an active override, or a
 * block covering only a past data period, leaves new answers readable, so the orders go on).
 * - unit: that unit's orders;
 * - sector: every unit with pending orders whose care relationship is in that sector (the decision matches the
 *   relationship's sector, which dispatch knows only through the replica);
 * - professional: none. A professional block hides answers from one person; the unit still treats the patient,
 *   and intake enforces the block on each read.
 */
export async function stopOrdersOnBlock(tx: PoolClient, event: ConsumedEvent<'AccessBlocked'>): Promise<string[]> {
  const { patientId, target, validFrom, recordedAt } = event.data as AccessBlocked;
  if (target.kind === 'professional' || takesEffectLater(validFrom, recordedAt)) return [];
  const units = target.kind === 'unit' ? [target.value] : await unitsWithPendingOrders(tx, patientId);
  const stopped: string[] = [];
  for (const unitSor of units) {
    if (await unitMayOrder(tx, patientId, unitSor, validFrom)) continue;
    stopped.push(...(await stopOrdersFor(tx, { patientId, unitSor, reason: 'unit-blocked', at: validFrom, by: causedBy(event) })));
  }
  return stopped;
}

/** Why the hub's access decision stops a unit ordering, as the order's stop reason; other denials are the order decider's. */
const STOP_REASONS: Partial<Record<string, OrderStopReason>> = { 'no-care-relationship': 'care-ended', blocked: 'unit-blocked' };

/**
 * Before an occurrence is issued: stops the order when the unit may no longer order for the patient at that
 * moment (care ended, or a block took effect, since the order was placed; see takesEffectLater). Returns whether
 * it stopped the order.
 */
export async function stopOrderIfNoLongerAllowed(tx: PoolClient, order: { orderId: string; patientId: string; unitSor: string }, at: string): Promise<boolean> {
  const decision = await orderingDecision(tx, order.patientId, order.unitSor, at);
  const reason = decision.effect === 'deny' ? STOP_REASONS[decision.reason] : undefined;
  if (!reason) return false;
  return stopOrder(tx, order.orderId, { reason, at, by: `scheduler:${decision.reason}` });
}

/** Treatment consent withdrawn: nothing more may be sent from any unit, and new orders are refused. */
export async function stopOrdersOnConsentWithdrawn(tx: PoolClient, event: ConsumedEvent<'ConsentWithdrawn'>): Promise<string[]> {
  const { patientId, purpose, withdrawnAt } = event.data as ConsentWithdrawn;
  if (purpose !== 'treatment') return [];
  await recordTreatmentConsentWithdrawn(tx, patientId);
  return stopOrdersFor(tx, { patientId, reason: 'consent-withdrawn', at: withdrawnAt, by: causedBy(event) });
}

/**
 * The patient was erased: every unit's orders stop (their reminders with them) and nothing new may be ordered or
 * dispatched, as for a withdrawn consent but for good and under its own reason. Dispatches already sent keep
 * their expiry, which only closes them (DispatchExpired notifies no one).
 */
export async function stopOrdersOnPatientErased(tx: PoolClient, event: ConsumedEvent<'PatientErased'>): Promise<string[]> {
  const { patientId, erasedAt } = event.data as PatientErased;
  await recordPatientErased(tx, patientId, erasedAt);
  return stopOrdersFor(tx, { patientId, reason: 'patient-erased', at: erasedAt, by: causedBy(event) });
}
