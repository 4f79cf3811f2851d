import type { QuestionnairePublished } from '@hub/contracts';

export type QuestionnaireEvent = { type: 'QuestionnairePublished'; data: QuestionnairePublished };

export type QuestionnaireResource = QuestionnairePublished['questionnaire'];

/** One stream per questionnaire version: a version is the unit that is published, and never changes. */
export const questionnaireStreamId = (url: string, version: string) => `questionnaire-${url}|${version}`;
