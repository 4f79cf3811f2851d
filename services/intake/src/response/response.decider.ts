import { isDeepStrictEqual } from 'node:util';
import type { QuestionnaireResponseAccepted, QuestionnaireResponseScored } from '@hub/contracts';
import type { Decider } from '@hub/event-store';
import type { ProPackage } from '@hub/pro-packages';
import { illegalState, OperationOutcomeError, type OutcomeIssue } from '@hub/service-kit/errors';
import type { DispatchFacts } from '../references/reference-tables';
import { hasErrors, linksOf, responseIssues, type QuestionnaireKnowledge } from './response-checks';
import type { ResponseEvent } from './response.events';
import { responseModeOf } from './response-mode';
import { toScored } from './response-scoring';

/** A submission (POST, or PUT to the response's id): a first answer, an amendment, or an entered-in-error mark. */
export interface SubmitResponse {
  type: 'SubmitResponse';
  responseId: string;
  response: Record<string, unknown>;
  dispatch: DispatchFacts | undefined;
  known: QuestionnaireKnowledge;
  /** The package that scores the questionnaire version, if any. */
  scoringPackage: ProPackage | undefined;
  receivedAt: string;
}

export type ResponseCommand = SubmitResponse;

/** The latest version of the response, as the stream tells it. */
export interface CurrentResponse {
  accepted: QuestionnaireResponseAccepted;
  versionId: number;
  status: string;
  lastUpdated: string;
  scored?: QuestionnaireResponseScored;
}

export interface ResponseState {
  current?: CurrentResponse;
}

/** The answers as the client sent them: `id` and `meta` are the server's, so they do not count when comparing. */
function contentOf(response: Record<string, unknown>): Record<string, unknown> {
  const { id: _id, meta: _meta, ...content } = response;
  return content;
}

const refuse = (message: string, issues: OutcomeIssue[]) => new OperationOutcomeError('validation', message, issues);

/** The events for a version that counts: the response itself, then its scores when a package scores it. */
function versionEvents(command: SubmitResponse, type: 'QuestionnaireResponseAccepted' | 'QuestionnaireResponseAmended', versionId: number): ResponseEvent[] {
  const issues = responseIssues(command.response, command.dispatch, command.known);
  if (hasErrors(issues)) throw refuse('the QuestionnaireResponse was not accepted', issues);
  const dispatch = command.dispatch!;
  const links = linksOf(command.response);
  const questionnaire = { url: links.questionnaire!.url, version: links.questionnaire!.version! };
  const response = { ...command.response, id: command.responseId, meta: { versionId: String(versionId), lastUpdated: command.receivedAt } };
  const data: QuestionnaireResponseAccepted = {
    responseId: command.responseId,
    dispatchId: dispatch.dispatchId,
    patientId: dispatch.patientId,
    unitSor: dispatch.unitSor,
    questionnaire,
    authored: typeof command.response.authored === 'string' ? command.response.authored : command.receivedAt,
    receivedAt: command.receivedAt,
    // Late answers are still the patient's answers: accepted, and flagged for the clinician and indicators.
    // Dispatch's declared expiry counts even when intake's own clock has not reached expiresAt yet.
    late: dispatch.expiredAt !== undefined || command.receivedAt > dispatch.expiresAt,
    ...responseModeOf(command.response),
    response: response as unknown as QuestionnaireResponseAccepted['response'],
  };
  const events: ResponseEvent[] = [{ type, data }];
  if (command.scoringPackage) {
    const subject = { responseId: command.responseId, responseVersion: versionId, dispatchId: dispatch.dispatchId, patientId: dispatch.patientId, unitSor: dispatch.unitSor, questionnaire };
    events.push({ type: 'QuestionnaireResponseScored', data: toScored(command.scoringPackage, response, subject, command.receivedAt) });
  }
  return events;
}

/** A later submission must answer the same dispatch, patient and questionnaire version as the first. */
function sameLinks(command: SubmitResponse, current: CurrentResponse): OutcomeIssue[] {
  const links = linksOf(command.response);
  const first = current.accepted;
  const given = `${links.dispatchId}|${links.patientId}|${links.questionnaire?.url}|${links.questionnaire?.version}`;
  if (given === `${first.dispatchId}|${first.patientId}|${first.questionnaire.url}|${first.questionnaire.version}`) return [];
  return [{ severity: 'error', code: 'business-rule', diagnostics: 'a new version of a response must keep its dispatch (basedOn), subject and questionnaire', expression: ['QuestionnaireResponse'] }];
}

function markEnteredInError(command: SubmitResponse, current: CurrentResponse): ResponseEvent[] {
  // The answers are not judged again: the point of the mark is that they no longer count. For the same reason
  // a retired questionnaire version does not stop the mark.
  const issues = [...responseIssues(command.response, command.dispatch, { ...command.known, retired: false }, false), ...sameLinks(command, current)];
  if (hasErrors(issues)) throw refuse('the QuestionnaireResponse cannot be marked entered-in-error', issues);
  const { responseId, dispatchId, patientId, unitSor, questionnaire } = current.accepted;
  return [{ type: 'QuestionnaireResponseEnteredInError', data: { responseId, dispatchId, patientId, unitSor, questionnaire, markedAt: command.receivedAt } }];
}

function submit(command: SubmitResponse, state: ResponseState): ResponseEvent[] {
  const status = String(command.response.status);
  const { current } = state;
  if (!current) {
    if (status === 'entered-in-error') throw refuse('nothing to mark', [{ severity: 'error', code: 'not-found', diagnostics: 'there is no accepted response with this identifier to mark entered-in-error', expression: ['QuestionnaireResponse.status'] }]);
    return versionEvents(command, 'QuestionnaireResponseAccepted', 1);
  }
  // Same content as the latest version: a retried submission has no second effect.
  const latest = current.status === 'entered-in-error' ? { ...current.accepted.response, status: current.status } : current.accepted.response;
  if (isDeepStrictEqual(contentOf(latest), contentOf(command.response))) return [];
  if (current.status === 'entered-in-error') throw illegalState('the response was marked entered-in-error; submit a new response instead');
  if (status === 'entered-in-error') return markEnteredInError(command, current);
  if (status !== 'amended') throw illegalState('the response was already accepted with other answers; submit it with status amended to change them');
  const issues = sameLinks(command, current);
  if (hasErrors(issues)) throw refuse('the amendment was not accepted', issues);
  return versionEvents(command, 'QuestionnaireResponseAmended', current.versionId + 1);
}

export const responseDecider: Decider<ResponseCommand, ResponseState, ResponseEvent> = {
  initialState: () => ({}),
  decide(command, state) {
    switch (command.type) {
      case 'SubmitResponse':
        return submit(command, state);
      default: {
        const _exhaustive: never = command.type;
        return _exhaustive;
      }
    }
  },
  evolve(state, event) {
    switch (event.type) {
      case 'QuestionnaireResponseAccepted':
      case 'QuestionnaireResponseAmended': {
        const versionId = Number((event.data.response.meta as { versionId?: string } | undefined)?.versionId ?? 1);
        return { current: { accepted: event.data, versionId, status: String(event.data.response.status), lastUpdated: event.data.receivedAt } };
      }
      case 'QuestionnaireResponseEnteredInError':
        // Its scores no longer count either, so they go with it.
        return state.current ? { current: { ...state.current, versionId: state.current.versionId + 1, status: 'entered-in-error', lastUpdated: event.data.markedAt, scored: undefined } } : state;
      case 'QuestionnaireResponseScored':
        return state.current ? { current: { ...state.current, scored: event.data } } : state;
      default: {
        const _exhaustive: never = event;
        return _exhaustive;
      }
    }
  },
};
