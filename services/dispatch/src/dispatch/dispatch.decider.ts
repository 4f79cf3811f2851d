import type { QuestionnaireDispatched, VersionedCanonical } from '@hub/contracts';
import type { Decider } from '@hub/event-store';
import { DomainError, illegalState, validationError, type Problem } from '@hub/service-kit/errors';
import type { DispatchEvent } from './dispatch.events';

/** What the handler looked up before deciding, so the decision itself stays pure. */
export interface DispatchFacts {
  patientKnown: boolean;
  treatmentConsent: boolean;
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
}

export type DispatchCommand = DispatchQuestionnaire;

export interface DispatchState {
  dispatched?: QuestionnaireDispatched;
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
  if (!command.treatmentConsent) throw illegalState(`patient ${command.patientId} has not consented to treatment use; nothing may be dispatched`);
  if (command.expiresAt <= command.at) throw validationError('a dispatch must expire after it is sent', [{ location: 'expiresAt', message: 'must be after the dispatch time' }]);
  const { dispatchId, patientId, unitSor, questionnaire, at, expiresAt } = command;
  return [{ type: 'QuestionnaireDispatched', data: { dispatchId, patientId, unitSor, questionnaire: { url: questionnaire.url, version: questionnaire.version }, dispatchedAt: at, expiresAt } }];
}

export const dispatchDecider: Decider<DispatchCommand, DispatchState, DispatchEvent> = {
  initialState: () => ({}),
  decide(command, state) {
    switch (command.type) {
      case 'DispatchQuestionnaire':
        return dispatchQuestionnaire(command, state);
      default: {
        const _exhaustive: never = command.type;
        return _exhaustive;
      }
    }
  },
  evolve(state, event) {
    switch (event.type) {
      case 'QuestionnaireDispatched':
        return { ...state, dispatched: event.data };
      default: {
        const _exhaustive: never = event.type;
        return _exhaustive;
      }
    }
  },
};
