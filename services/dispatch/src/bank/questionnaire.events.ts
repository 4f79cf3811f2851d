import type { QuestionnairePublished, QuestionnaireRetired } from '@hub/contracts';

export type QuestionnaireEvent = { type: 'QuestionnairePublished'; data: QuestionnairePublished } | { type: 'QuestionnaireRetired'; data: QuestionnaireRetired };

export type QuestionnaireResource = QuestionnairePublished['questionnaire'];

/** One stream per questionnaire version: a version is the unit that is published, retired, and never changes. */
export const questionnaireStreamId = (url: string, version: string) => `questionnaire-${url}|${version}`;
