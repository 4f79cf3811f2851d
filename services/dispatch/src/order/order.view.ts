import type { OrderSchedule, OrderStopped } from '@hub/contracts';
import type { DispatchState } from '../dispatch/dispatch.decider';
import type { OrderState } from './order.decider';

export interface OccurrenceView {
  occurrence: number;
  dispatchId: string;
  dueAt: string;
  expiresAt: string;
  reminded: boolean;
  status: 'sent' | 'answered' | 'expired' | 'answered-late';
}

/** An order as clinicians and tests read it: its schedule, where it stands, and what each occurrence became. */
export interface OrderView {
  orderId: string;
  patientId: string;
  unitSor: string;
  questionnaire: string;
  schedule: OrderSchedule;
  reminderAfter?: string;
  expiresAfter: string;
  channel: string;
  placedAt: string;
  placedBy: string;
  status: OrderState['status'];
  stopReason?: OrderStopped['reason'];
  nextDueAt?: string;
  occurrences: OccurrenceView[];
}

function occurrenceStatus(d: DispatchState): OccurrenceView['status'] {
  if (d.answered) return d.expired ? 'answered-late' : 'answered';
  return d.expired ? 'expired' : 'sent';
}

export function toOrderView(order: OrderState, dispatches: Map<string, DispatchState>, stopReason?: OrderStopped['reason']): OrderView {
  const p = order.placed!;
  return {
    orderId: p.orderId,
    patientId: p.patientId,
    unitSor: p.unitSor,
    questionnaire: `${p.questionnaire.url}|${p.questionnaire.version}`,
    schedule: p.schedule,
    ...(p.reminderAfter ? { reminderAfter: p.reminderAfter } : {}),
    expiresAfter: p.expiresAfter,
    channel: p.channel,
    placedAt: p.placedAt,
    placedBy: p.placedBy,
    status: order.status,
    ...(stopReason ? { stopReason } : {}),
    ...(order.next ? { nextDueAt: order.next.dueAt } : {}),
    occurrences: order.issued.map(({ occurrence, dispatchId, dueAt }) => {
      const d = dispatches.get(dispatchId);
      return { occurrence, dispatchId, dueAt, expiresAt: d?.dispatched?.expiresAt ?? '', reminded: d?.reminded ?? false, status: d ? occurrenceStatus(d) : 'sent' };
    }),
  };
}
