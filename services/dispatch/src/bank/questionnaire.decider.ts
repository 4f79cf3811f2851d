import { isDeepStrictEqual } from 'node:util';
import type { Decider } from '@hub/event-store';
import { illegalState, notFound } from '@hub/service-kit/errors';
import { assertPublishable } from './questionnaire-checks';
import type { QuestionnaireEvent, QuestionnaireResource } from './questionnaire.events';
import { questionnaireIdOf } from './questionnaire-id';

export interface PublishQuestionnaire {
  type: 'PublishQuestionnaire';
  /** The resource as submitted; checked here. */
  questionnaire: unknown;
  at: string;
  /** Where the caller's privacy scan found a CPR-like value, if anywhere. */
  cprLikeAt?: string;
}

/** Retiring stops new dispatches and responses; the version itself stays in the bank, unchanged, for history. */
export interface RetireQuestionnaire {
  type: 'RetireQuestionnaire';
  url: string;
  version: string;
  at: string;
}

export type QuestionnaireCommand = PublishQuestionnaire | RetireQuestionnaire;

export interface QuestionnaireState {
  published?: QuestionnaireResource;
  retired: boolean;
}

/** The author's content: `id` and `meta` are the server's, so they do not count when comparing versions. */
function contentOf(q: QuestionnaireResource): Record<string, unknown> {
  const { id: _id, meta: _meta, ...content } = q;
  return content;
}

function publish(command: PublishQuestionnaire, state: QuestionnaireState): QuestionnaireEvent[] {
  const q = command.questionnaire;
  assertPublishable(q, command.cprLikeAt);
  if (state.published) {
    // Responses are judged against the exact version they name: a version, once out, never changes.
    if (isDeepStrictEqual(contentOf(state.published), contentOf(q))) return [];
    throw illegalState(`Questionnaire ${q.url}|${q.version} is already published with different content; publish it under a new version`);
  }
  const questionnaire = { ...contentOf(q), resourceType: 'Questionnaire' as const, id: questionnaireIdOf(q.url, q.version), meta: { versionId: '1', lastUpdated: command.at } };
  return [{ type: 'QuestionnairePublished', data: { url: q.url, version: q.version, questionnaire, publishedAt: command.at } }];
}

function retire(command: RetireQuestionnaire, state: QuestionnaireState): QuestionnaireEvent[] {
  if (!state.published) throw notFound(`Questionnaire ${command.url}|${command.version} is not in the bank`);
  // Retiring twice changes nothing: a retried request has no second effect.
  if (state.retired) return [];
  return [{ type: 'QuestionnaireRetired', data: { url: command.url, version: command.version, retiredAt: command.at } }];
}

export const questionnaireDecider: Decider<QuestionnaireCommand, QuestionnaireState, QuestionnaireEvent> = {
  initialState: () => ({ retired: false }),
  decide(command, state) {
    switch (command.type) {
      case 'PublishQuestionnaire':
        return publish(command, state);
      case 'RetireQuestionnaire':
        return retire(command, state);
      default: {
        const _exhaustive: never = command;
        return _exhaustive;
      }
    }
  },
  evolve(state, event) {
    switch (event.type) {
      case 'QuestionnairePublished':
        return { ...state, published: event.data.questionnaire };
      case 'QuestionnaireRetired':
        return { ...state, retired: true };
      default: {
        const _exhaustive: never = event;
        return _exhaustive;
      }
    }
  },
};
