import { randomUUID } from 'node:crypto';
import type { PoolClient } from 'pg';
import type { QuestionnaireDue } from '@hub/contracts';
import { dispatchDecider, type DispatchCommand } from '../dispatch/dispatch.decider';
import { dispatchStreamId } from '../dispatch/dispatch.events';
import { orderDecider, type OrderCommand } from '../order/order.decider';
import { orderStreamId } from '../order/order.events';
import { patientFacts } from '../patients/known-patients.table';
import { stopOrderIfNoLongerAllowed } from '../patients/stop-orders-on-access';
import { decideInTransaction } from './decide-in-transaction';
import { scheduleWork, settleDispatch, settleStoppedOrder, settleWork, type DueWork } from './due-work.table';

export type ClaimedWork = DueWork & { key: string };

const decideOnOrder = (tx: PoolClient, orderId: string, command: OrderCommand) => decideInTransaction(tx, orderStreamId(orderId), orderDecider, command);

/** Sends the dispatch an occurrence became, with its notification, and schedules its reminder and expiry. */
async function sendDispatch(tx: PoolClient, due: QuestionnaireDue, work: ClaimedWork, order: Awaited<ReturnType<typeof decideOnOrder>>): Promise<void> {
  const placed = order.state.placed!;
  const command: DispatchCommand = {
    type: 'DispatchQuestionnaire',
    dispatchId: due.dispatchId,
    patientId: placed.patientId,
    unitSor: placed.unitSor,
    questionnaire: placed.questionnaire,
    at: due.issuedAt,
    expiresAt: due.expiresAt,
    // Checked when the order was placed and again (consent, erasure) by the order decider just now.
    patientKnown: true,
    treatmentConsent: true,
    patientErased: false,
    questionnairePublished: true,
    notificationId: randomUUID(),
    channel: placed.channel,
    order: { orderId: due.orderId, occurrence: due.occurrence },
  };
  await decideInTransaction(tx, dispatchStreamId(due.dispatchId), dispatchDecider, command);
  const common = { orderId: due.orderId, dispatchId: due.dispatchId, patientId: work.patientId, unitSor: work.unitSor };
  if (due.remindAt) await scheduleWork(tx, { kind: 'reminder', dueAt: due.remindAt, ...common });
  await scheduleWork(tx, { kind: 'expiry', dueAt: due.expiresAt, ...common });
}

async function issueOccurrence(tx: PoolClient, work: Extract<ClaimedWork, { kind: 'occurrence' }>, now: Date): Promise<void> {
  const { known, treatmentConsent, erased } = await patientFacts(tx, work.patientId);
  // Care that ended, or a block that took effect, after the order was placed (recorded ahead of time) stops it
  // here; consent and erasure are the order decider's. A patient the consent topic has not told us about yet
  // has no replica to ask: as before, the decider decides.
  if (known && (await stopOrderIfNoLongerAllowed(tx, work, now.toISOString()))) return settleWork(tx, work.key);
  const command: OrderCommand = { type: 'IssueOccurrence', orderId: work.orderId, occurrence: work.occurrence, dispatchId: randomUUID(), treatmentConsent, patientErased: erased, at: now.toISOString() };
  const order = await decideOnOrder(tx, work.orderId, command);
  await settleWork(tx, work.key);
  for (const event of order.events) {
    if (event.type === 'QuestionnaireDue') await sendDispatch(tx, event.data, work, order);
    if (event.type === 'OrderStopped') await settleStoppedOrder(tx, work.orderId);
  }
  const next = order.state.next;
  if (order.state.status === 'active' && next) await scheduleWork(tx, { kind: 'occurrence', orderId: work.orderId, occurrence: next.occurrence, dueAt: next.dueAt, patientId: work.patientId, unitSor: work.unitSor });
}

/**
 * Does one claimed piece of work inside the claiming transaction: the events, the settled row and any follow-up
 * rows commit together, so a crash leaves either all of it or none, and a repeat finds nothing left to do.
 */
export async function doDueWork(tx: PoolClient, work: ClaimedWork, now: Date): Promise<void> {
  const at = now.toISOString();
  switch (work.kind) {
    case 'occurrence':
      return issueOccurrence(tx, work, now);
    case 'reminder':
      await decideInTransaction(tx, dispatchStreamId(work.dispatchId), dispatchDecider, { type: 'RemindPatient', dispatchId: work.dispatchId, notificationId: randomUUID(), at });
      return settleWork(tx, work.key);
    case 'expiry':
      await decideInTransaction(tx, dispatchStreamId(work.dispatchId), dispatchDecider, { type: 'ExpireDispatch', dispatchId: work.dispatchId, at });
      return settleDispatch(tx, work.dispatchId);
    default: {
      const _exhaustive: never = work;
      return _exhaustive;
    }
  }
}
