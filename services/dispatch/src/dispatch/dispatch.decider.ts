import type { NotificationChannel, QuestionnaireDispatched, VersionedCanonical } from '@hub/contracts';
import type { Decider } from '@hub/event-store';
import { DomainError, illegalState, notFound, validationError, type Problem } from '@hub/service-kit/errors';
import type { DispatchEvent } from './dispatch.events';

/** What the handler looked up before deciding, so the decision itself stays pure. */
export interface DispatchFacts {
  patientKnown: boolean;
  treatmentConsent: boolean;
  /** The consent service erased the patient (PatientErased): nothing is ever sent to them again. */
  patientErased: boolean;
  questionnairePublished: boolean;
}

export interface DispatchQuestionnaire extends DispatchFacts {
  type: 'DispatchQuestionnaire';
  dispatchId: string;
  patientId: string;
  unitSor: string;
  questionnaire: VersionedCanonical;
  at: string;
  expiresAt: string;
  /** Id of the notification the patient gets; chosen by the handler, as deciders make no ids. */
  notificationId: string;
  channel: NotificationChannel;
  /** The order and occurrence this dispatch is issued for; absent for a one-off dispatch. */
  order?: { orderId: string; occurrence: number };
}

/** Remind the patient of an unanswered dispatch; the scheduler sends it at the order's reminder time. */
export interface RemindPatient {
  type: 'RemindPatient';
  dispatchId: string;
  notificationId: string;
  at: string;
}

export interface ExpireDispatch {
  type: 'ExpireDispatch';
  dispatchId: string;
  at: string;
}

/** Intake accepted an answer to the dispatch (learned from the intake topic). */
export interface RecordAnswer {
  type: 'RecordAnswer';
  dispatchId: string;
  responseId: string;
  receivedAt: string;
  late: boolean;
}

export type DispatchCommand = DispatchQuestionnaire | RemindPatient | ExpireDispatch | RecordAnswer;

export interface DispatchState {
  dispatched?: QuestionnaireDispatched;
  channel?: NotificationChannel;
  reminded: boolean;
  answered: boolean;
  expired: boolean;
}

const sameOrder = (a: QuestionnaireDispatched, c: DispatchQuestionnaire) =>
  a.patientId === c.patientId && a.unitSor === c.unitSor && a.questionnaire.url === c.questionnaire.url && a.questionnaire.version === c.questionnaire.version;

/** Unknown patient and unknown version are both "not found": reported together, so one reply names both. */
function missing(command: DispatchQuestionnaire): Problem[] {
  const { url, version } = command.questionnaire;
  return [
    ...(command.patientKnown ? [] : [{ location: 'patientId', message: `patient ${command.patientId} is not known to dispatch` }]),
    ...(command.questionnairePublished ? [] : [{ location: 'questionnaire', message: `Questionnaire ${url}|${version} is not in the bank` }]),
  ];
}

function dispatchQuestionnaire(command: DispatchQuestionnaire, state: DispatchState): DispatchEvent[] {
  if (state.dispatched) {
    // A retried order has no second effect; a different order under the same id is a client bug.
    if (sameOrder(state.dispatched, command)) return [];
    throw illegalState(`dispatch ${command.dispatchId} already exists with a different order`);
  }
  const notFound = missing(command);
  if (notFound.length > 0) throw new DomainError('not-found', notFound.map((p) => p.message).join('; '), notFound);
  if (command.patientErased) throw illegalState(`patient ${command.patientId} has been erased; nothing may be dispatched to them`);
  if (!command.treatmentConsent) throw illegalState(`patient ${command.patientId} has not consented to treatment use; nothing may be dispatched`);
  if (command.expiresAt <= command.at) throw validationError('a dispatch must expire after it is sent', [{ location: 'expiresAt', message: 'must be after the dispatch time' }]);
  const { dispatchId, patientId, unitSor, questionnaire, at, expiresAt, notificationId, channel, order } = command;
  const dispatched: QuestionnaireDispatched = {
    dispatchId,
    patientId,
    unitSor,
    questionnaire: { url: questionnaire.url, version: questionnaire.version },
    dispatchedAt: at,
    expiresAt,
    // Downstream (the quality door) links occurrences of one order into a pathway; one-offs have no order.
    ...(order ? { order: { orderId: order.orderId, occurrence: order.occurrence } } : {}),
  };
  return [
    { type: 'QuestionnaireDispatched', data: dispatched },
    { type: 'NotificationRequested', data: { notificationId, kind: 'new-questionnaire', patientId, channel, linkId: dispatchId, requestedAt: at } },
  ];
}

function existing(state: DispatchState, dispatchId: string): QuestionnaireDispatched {
  if (!state.dispatched) throw notFound(`dispatch ${dispatchId} does not exist`);
  return state.dispatched;
}

/** At most one reminder, and none once the dispatch is answered or expired: a repeated tick has no effect. */
function remindPatient(command: RemindPatient, state: DispatchState): DispatchEvent[] {
  const dispatched = existing(state, command.dispatchId);
  if (state.reminded || state.answered || state.expired || command.at >= dispatched.expiresAt) return [];
  const { dispatchId, notificationId, at } = command;
  return [
    { type: 'ReminderDue', data: { dispatchId, remindedAt: at } },
    { type: 'NotificationRequested', data: { notificationId, kind: 'reminder', patientId: dispatched.patientId, channel: state.channel ?? 'digital-post', linkId: dispatchId, requestedAt: at } },
  ];
}

function expireDispatch(command: ExpireDispatch, state: DispatchState): DispatchEvent[] {
  const dispatched = existing(state, command.dispatchId);
  if (state.answered || state.expired) return [];
  if (command.at < dispatched.expiresAt) throw illegalState(`dispatch ${command.dispatchId} does not expire before ${dispatched.expiresAt}`);
  return [{ type: 'DispatchExpired', data: { dispatchId: command.dispatchId, expiresAt: dispatched.expiresAt, expiredAt: command.at } }];
}

/** The first accepted answer counts; intake dedupes responses, a second one for the same dispatch changes nothing here. */
function recordAnswer(command: RecordAnswer, state: DispatchState): DispatchEvent[] {
  existing(state, command.dispatchId);
  if (state.answered) return [];
  const { dispatchId, responseId, receivedAt, late } = command;
  return [{ type: 'DispatchAnswered', data: { dispatchId, responseId, receivedAt, late } }];
}

function evolve(state: DispatchState, event: DispatchEvent): DispatchState {
  switch (event.type) {
    case 'QuestionnaireDispatched':
      return { ...state, dispatched: event.data };
    case 'NotificationRequested':
      return { ...state, channel: state.channel ?? event.data.channel };
    case 'ReminderDue':
      return { ...state, reminded: true };
    case 'DispatchAnswered':
      return { ...state, answered: true };
    case 'DispatchExpired':
      return { ...state, expired: true };
    default: {
      const _exhaustive: never = event;
      return _exhaustive;
    }
  }
}

export const dispatchDecider: Decider<DispatchCommand, DispatchState, DispatchEvent> = {
  initialState: () => ({ reminded: false, answered: false, expired: false }),
  decide(command, state) {
    switch (command.type) {
      case 'DispatchQuestionnaire':
        return dispatchQuestionnaire(command, state);
      case 'RemindPatient':
        return remindPatient(command, state);
      case 'ExpireDispatch':
        return expireDispatch(command, state);
      case 'RecordAnswer':
        return recordAnswer(command, state);
      default: {
        const _exhaustive: never = command;
        return _exhaustive;
      }
    }
  },
  evolve,
};
