import type { NotificationChannel, OrderPlaced, OrderStopReason, VersionedCanonical } from '@hub/contracts';
import type { Decider } from '@hub/event-store';
import { DomainError, illegalState, notFound, type Problem } from '@hub/service-kit/errors';
import { addDuration, parseDuration, toIsoDuration, type Duration } from './duration';
import { orderTimingProblems } from './order-rules';
import type { OrderEvent } from './order.events';
import { nextOccurrence, normaliseSchedule, type Occurrence, type ScheduleInput } from './schedule';

/** What the handler looked up before deciding, so the decision stays pure. */
export interface OrderFacts {
  patientKnown: boolean;
  treatmentConsent: boolean;
  /** The consent service erased the patient (PatientErased): nothing is ever sent to them again. */
  patientErased: boolean;
  questionnaireStatus: 'active' | 'retired' | 'unknown';
}

export interface PlaceOrder extends OrderFacts {
  type: 'PlaceOrder';
  orderId: string;
  patientId: string;
  unitSor: string;
  questionnaire: VersionedCanonical;
  package?: { id: string; version: string };
  schedule: ScheduleInput;
  reminderAfter?: string | number;
  expiresAfter: string | number;
  channel: NotificationChannel;
  at: string;
  by: string;
}

/** Issue the order's next occurrence as the given dispatch; the scheduler sends it when the occurrence is due. */
export interface IssueOccurrence {
  type: 'IssueOccurrence';
  orderId: string;
  occurrence: number;
  dispatchId: string;
  treatmentConsent: boolean;
  patientErased: boolean;
  at: string;
}

export interface StopOrder {
  type: 'StopOrder';
  orderId: string;
  reason: OrderStopReason;
  at: string;
  by: string;
}

export type OrderCommand = PlaceOrder | IssueOccurrence | StopOrder;

export interface OrderState {
  placed?: OrderPlaced;
  status: 'none' | 'active' | 'completed' | 'stopped';
  /** The occurrence the scheduler should issue next, while the order is active. */
  next?: Occurrence;
  issued: { occurrence: number; dispatchId: string; dueAt: string }[];
}

const samePlacement = (p: OrderPlaced, c: PlaceOrder) =>
  p.patientId === c.patientId && p.unitSor === c.unitSor && p.questionnaire.url === c.questionnaire.url && p.questionnaire.version === c.questionnaire.version;

/** Erasure says more than a missing consent (an erased patient has none either), so it is named instead. */
function patientProblems(c: PlaceOrder): Problem[] {
  if (c.patientErased) return [{ location: 'patientId', message: `patient ${c.patientId} has been erased; nothing may be ordered for them` }];
  if (!c.treatmentConsent) return [{ location: 'patientId', message: `patient ${c.patientId} has not consented to treatment use; nothing may be ordered` }];
  return [];
}

function refusalsOnFacts(c: PlaceOrder): DomainError | undefined {
  const { url, version } = c.questionnaire;
  const missing: Problem[] = [
    ...(c.patientKnown ? [] : [{ location: 'patientId', message: `patient ${c.patientId} is not known to dispatch` }]),
    ...(c.questionnaireStatus === 'unknown' ? [{ location: 'questionnaire', message: `Questionnaire ${url}|${version} is not in the bank` }] : []),
  ];
  if (missing.length > 0) return new DomainError('not-found', missing.map((p) => p.message).join('; '), missing);
  const illegal: Problem[] = [
    ...patientProblems(c),
    ...(c.questionnaireStatus === 'retired' ? [{ location: 'questionnaire', message: `Questionnaire ${url}|${version} is retired; order a current version` }] : []),
  ];
  if (illegal.length > 0) return new DomainError('illegal-state', illegal.map((p) => p.message).join('; '), illegal);
  return undefined;
}

function placeOrder(c: PlaceOrder, state: OrderState): OrderEvent[] {
  if (state.placed) {
    // A retried order has no second effect; a different order under the same id is a client bug.
    if (samePlacement(state.placed, c)) return [];
    throw illegalState(`order ${c.orderId} already exists with different content`);
  }
  const timing = orderTimingProblems(c);
  if (timing.length > 0) throw new DomainError('validation', 'the schedule makes no sense', timing);
  const refusal = refusalsOnFacts(c);
  if (refusal) throw refusal;
  const data: OrderPlaced = {
    orderId: c.orderId,
    patientId: c.patientId,
    unitSor: c.unitSor,
    questionnaire: { url: c.questionnaire.url, version: c.questionnaire.version },
    ...(c.package ? { package: { id: c.package.id, version: c.package.version } } : {}),
    schedule: normaliseSchedule(c.schedule, c.at),
    ...(c.reminderAfter !== undefined ? { reminderAfter: toIsoDuration(c.reminderAfter) } : {}),
    expiresAfter: toIsoDuration(c.expiresAfter),
    channel: c.channel,
    placedAt: c.at,
    placedBy: c.by,
  };
  return [{ type: 'OrderPlaced', data }];
}

function issueOccurrence(c: IssueOccurrence, state: OrderState): OrderEvent[] {
  const placed = state.placed;
  if (!placed) throw notFound(`order ${c.orderId} does not exist`);
  // A stale or repeated tick (another scheduler got there first, or a crash before the row was cleared) is a no-op.
  if (state.status !== 'active' || state.next?.occurrence !== c.occurrence) return [];
  if (c.at < state.next.dueAt) throw illegalState(`occurrence ${c.occurrence} of order ${c.orderId} is not due before ${state.next.dueAt}`);
  // The patient can be erased, or consent lapse, between placing and issuing; then the order ends unsent.
  if (c.patientErased) return [{ type: 'OrderStopped', data: { orderId: c.orderId, reason: 'patient-erased', stoppedAt: c.at, stoppedBy: 'system:scheduler' } }];
  if (!c.treatmentConsent) return [{ type: 'OrderStopped', data: { orderId: c.orderId, reason: 'consent-withdrawn', stoppedAt: c.at, stoppedBy: 'system:scheduler' } }];
  const due: OrderEvent = {
    type: 'QuestionnaireDue',
    data: {
      orderId: c.orderId,
      occurrence: c.occurrence,
      dispatchId: c.dispatchId,
      dueAt: state.next.dueAt,
      issuedAt: c.at,
      ...(placed.reminderAfter ? { remindAt: addDuration(c.at, parseDuration(placed.reminderAfter) as Duration) } : {}),
      expiresAt: addDuration(c.at, parseDuration(placed.expiresAfter) as Duration),
    },
  };
  if (nextOccurrence(placed.schedule, c.occurrence, c.at)) return [due];
  return [due, { type: 'OrderCompleted', data: { orderId: c.orderId, occurrences: state.issued.length + 1, completedAt: c.at } }];
}

function stopOrder(c: StopOrder, state: OrderState): OrderEvent[] {
  if (!state.placed) throw notFound(`order ${c.orderId} does not exist`);
  // A completed order may still be stopped: that cancels the reminders of dispatches it already issued.
  if (state.status === 'stopped') return [];
  return [{ type: 'OrderStopped', data: { orderId: c.orderId, reason: c.reason, stoppedAt: c.at, stoppedBy: c.by } }];
}

function evolve(state: OrderState, event: OrderEvent): OrderState {
  switch (event.type) {
    case 'OrderPlaced':
      return { ...state, placed: event.data, status: 'active', next: nextOccurrence(event.data.schedule, -1, event.data.placedAt) };
    case 'QuestionnaireDue': {
      const { occurrence, dispatchId, dueAt, issuedAt } = event.data;
      const next = state.placed ? nextOccurrence(state.placed.schedule, occurrence, issuedAt) : undefined;
      return { ...state, next, issued: [...state.issued, { occurrence, dispatchId, dueAt }] };
    }
    case 'OrderCompleted':
      return { ...state, status: 'completed', next: undefined };
    case 'OrderStopped':
      return { ...state, status: 'stopped', next: undefined };
    default: {
      const _exhaustive: never = event;
      return _exhaustive;
    }
  }
}

export const orderDecider: Decider<OrderCommand, OrderState, OrderEvent> = {
  initialState: () => ({ status: 'none', issued: [] }),
  decide(command, state) {
    switch (command.type) {
      case 'PlaceOrder':
        return placeOrder(command, state);
      case 'IssueOccurrence':
        return issueOccurrence(command, state);
      case 'StopOrder':
        return stopOrder(command, state);
      default: {
        const _exhaustive: never = command;
        return _exhaustive;
      }
    }
  },
  evolve,
};
