import type { PoolClient } from 'pg';
import type { OrderStopReason } from '@hub/contracts';
import { decideInTransaction } from '../scheduling/decide-in-transaction';
import { ordersWithPendingWork, settleStoppedOrder } from '../scheduling/due-work.table';
import { orderDecider } from './order.decider';
import { orderStreamId } from './order.events';

export interface StopRequest {
  patientId: string;
  /** The unit whose orders stop; all units when absent (e.g. treatment consent withdrawn). */
  unitSor?: string;
  reason: OrderStopReason;
  at: string;
  by: string;
}

/** Stops one order in the caller's transaction: OrderStopped, and its pending occurrence and reminders dropped. */
export async function stopOrder(tx: PoolClient, orderId: string, request: Omit<StopRequest, 'patientId' | 'unitSor'>): Promise<boolean> {
  const { events } = await decideInTransaction(tx, orderStreamId(orderId), orderDecider, { type: 'StopOrder', orderId, reason: request.reason, at: request.at, by: request.by });
  await settleStoppedOrder(tx, orderId);
  return events.length > 0;
}

/**
 * Stops every order of a patient that still has something ahead (an occurrence or a reminder), at one unit or
 * at all: what a consumer calls, in its inbox transaction, when a care relationship ends, the patient blocks
 * the unit, or treatment consent is withdrawn. Idempotent: a redelivered event finds nothing left to stop.
 * Returns the orders it stopped.
 */
export async function stopOrdersFor(tx: PoolClient, request: StopRequest): Promise<string[]> {
  const stopped: string[] = [];
  for (const orderId of await ordersWithPendingWork(tx, request.patientId, request.unitSor)) {
    if (await stopOrder(tx, orderId, request)) stopped.push(orderId);
  }
  return stopped;
}
