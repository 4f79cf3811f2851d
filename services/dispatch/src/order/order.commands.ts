import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import { inTransaction, readStream, StreamConflictError } from '@hub/event-store';
import type { Actor } from '@hub/access-policy';
import { notFound, POOL } from '@hub/service-kit';
import { readUnitRecord } from '../patients/unit-record-access';
import type { OrderStopped } from '@hub/contracts';
import { dispatchDecider, type DispatchState } from '../dispatch/dispatch.decider';
import { dispatchStreamId, type DispatchEvent } from '../dispatch/dispatch.events';
import { assertActsForUnit, assertUnitMayOrder } from '../patients/care-access';
import { patientFacts } from '../patients/known-patients.table';
import { decideInTransaction, loadState } from '../scheduling/decide-in-transaction';
import { scheduleWork } from '../scheduling/due-work.table';
import { questionnaireStatus } from './order-facts';
import { orderDecider, type OrderState, type PlaceOrder } from './order.decider';
import type { PlaceOrderDto } from './order.dto';
import { orderStreamId, type OrderEvent } from './order.events';
import { stopOrder } from './stop-orders';
import { toOrderView, type OrderView } from './order.view';

export const DEFAULT_EXPIRES_AFTER = 'P14D';

/**
 * Who placed or stopped an order, as the events record it: the token's role and subject (never a CPR number:
 * the token verifier refuses those). The contracts cap the field at 128 characters.
 */
export const actorRef = (actor: Actor): string => `${actor.role}:${actor.subject}`.slice(0, 128);

/** Retries a whole transaction when a concurrent writer (the scheduler) moved a stream first. */
async function retryOnConflict<T>(work: () => Promise<T>, attempts = 3): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (err) {
      if (!(err instanceof StreamConflictError) || attempt >= attempts) throw err;
    }
  }
}

/** The order's command side: looks up the facts, lets the order decider decide, and schedules the first occurrence. */
@Injectable()
export class OrderCommands {
  constructor(@Inject(POOL) private readonly pool: Pool) {}

  async place(input: PlaceOrderDto, actor: Actor, now: Date): Promise<{ created: boolean; order: OrderView }> {
    assertActsForUnit(actor, input.unitSor);
    const [url, version] = input.questionnaire.split('|');
    const patientId = input.patientId.toLowerCase();
    const [patient, status] = await Promise.all([patientFacts(this.pool, patientId), questionnaireStatus(this.pool, url, version)]);
    // The same rule as POST /dispatches: only a unit in active, unblocked care of the patient may order. An
    // unknown patient is left to the decider, so its 404 names every missing thing at once; so is an erased one,
    // whose refusal should say that rather than whatever the care replica still holds.
    if (patient.known && !patient.erased) await assertUnitMayOrder(this.pool, patientId, input.unitSor, now.toISOString());
    const orderId = (input.orderId ?? randomUUID()).toLowerCase();
    const command: PlaceOrder = {
      type: 'PlaceOrder',
      orderId,
      patientId,
      unitSor: input.unitSor,
      questionnaire: { url, version },
      ...(input.package ? { package: { id: input.package.id, version: input.package.version } } : {}),
      schedule: input.schedule,
      ...(input.reminderAfter !== undefined ? { reminderAfter: input.reminderAfter } : {}),
      expiresAfter: input.expiresAfter ?? DEFAULT_EXPIRES_AFTER,
      channel: input.channel ?? 'digital-post',
      at: now.toISOString(),
      by: actorRef(actor),
      patientKnown: patient.known,
      treatmentConsent: patient.treatmentConsent,
      patientErased: patient.erased,
      questionnaireStatus: status,
    };
    const created = await inTransaction(this.pool, async (tx) => {
      const { events, state } = await decideInTransaction(tx, orderStreamId(orderId), orderDecider, command);
      if (events.length > 0 && state.next) await scheduleWork(tx, { kind: 'occurrence', orderId, ...state.next, patientId, unitSor: input.unitSor });
      return events.length > 0;
    });
    return { created, order: await this.describe(orderId) };
  }

  async cancel(orderId: string, actor: Actor, now: Date): Promise<OrderView> {
    const id = orderId.toLowerCase();
    const current = await this.describe(id);
    assertActsForUnit(actor, current.unitSor);
    await retryOnConflict(() => inTransaction(this.pool, (tx) => stopOrder(tx, id, { reason: 'cancelled', at: now.toISOString(), by: actorRef(actor) })));
    return this.describe(id);
  }

  /** describe, for an actor: decided and logged as a read of the unit's record (readUnitRecord). */
  async read(orderId: string, actor: Actor, now: Date): Promise<OrderView> {
    return readUnitRecord(this.pool, actor, 'order', orderId, await this.describe(orderId), now.toISOString());
  }

  async describe(orderId: string): Promise<OrderView> {
    const events = await readStream(this.pool, orderStreamId(orderId.toLowerCase()));
    if (events.length === 0) throw notFound(`order ${orderId} does not exist`);
    const order = events.map((e) => ({ type: e.type, data: e.data }) as OrderEvent).reduce(orderDecider.evolve, orderDecider.initialState()) as OrderState;
    const stopped = events.find((e) => e.type === 'OrderStopped')?.data as OrderStopped | undefined;
    const dispatches = new Map<string, DispatchState>();
    for (const { dispatchId } of order.issued) dispatches.set(dispatchId, await loadState<DispatchState, DispatchEvent>(this.pool, dispatchStreamId(dispatchId), dispatchDecider));
    return toOrderView(order, dispatches, stopped?.reason);
  }
}
