import type { Questionnaire } from '@hub/fhir-questionnaire';
import type { Decider } from '@hub/event-store';
import { OperationOutcomeError } from '@hub/service-kit/errors';
import type { DispatchFacts } from '../references/reference-tables';
import type { ResponseEvent } from './response.events';
import { hasErrors, linksOf, responseIssues } from './response-checks';

export interface AcceptResponse {
  type: 'AcceptResponse';
  responseId: string;
  response: Record<string, unknown>;
  dispatch: DispatchFacts | undefined;
  questionnaire: Questionnaire | undefined;
  receivedAt: string;
}

export type ResponseCommand = AcceptResponse;

export interface ResponseState {
  accepted: boolean;
}

function acceptResponse(command: AcceptResponse, state: ResponseState): ResponseEvent[] {
  // Same identifier, same response: a retried submission has no second effect.
  if (state.accepted) return [];
  const issues = responseIssues(command.response, command.dispatch, command.questionnaire);
  if (hasErrors(issues)) throw new OperationOutcomeError('validation', 'the QuestionnaireResponse was not accepted', issues);
  const dispatch = command.dispatch!;
  const links = linksOf(command.response);
  const response = { ...command.response, id: command.responseId, meta: { versionId: '1', lastUpdated: command.receivedAt } };
  return [
    {
      type: 'QuestionnaireResponseAccepted',
      data: {
        responseId: command.responseId,
        dispatchId: dispatch.dispatchId,
        patientId: dispatch.patientId,
        unitSor: dispatch.unitSor,
        questionnaire: { url: links.questionnaire!.url, version: links.questionnaire!.version! },
        authored: typeof command.response.authored === 'string' ? command.response.authored : command.receivedAt,
        receivedAt: command.receivedAt,
        // Late answers are still the patient's answers: accepted, and flagged for the clinician and indicators.
        // Dispatch's declared expiry counts even when intake's own clock has not reached expiresAt yet.
        late: dispatch.expiredAt !== undefined || command.receivedAt > dispatch.expiresAt,
        response: response as unknown as ResponseEvent['data']['response'],
      },
    },
  ];
}

export const responseDecider: Decider<ResponseCommand, ResponseState, ResponseEvent> = {
  initialState: () => ({ accepted: false }),
  decide(command, state) {
    switch (command.type) {
      case 'AcceptResponse':
        return acceptResponse(command, state);
      default: {
        const _exhaustive: never = command.type;
        return _exhaustive;
      }
    }
  },
  evolve(state, event) {
    switch (event.type) {
      case 'QuestionnaireResponseAccepted':
        return { ...state, accepted: true };
      default: {
        const _exhaustive: never = event.type;
        return _exhaustive;
      }
    }
  },
};
