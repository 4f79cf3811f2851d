import type { QuestionnaireResponseAccepted, QuestionnaireResponseAmended, QuestionnaireResponseEnteredInError, QuestionnaireResponseScored } from '@hub/contracts';

/**
 * A response's stream: accepted once, then only new events (amended, entered-in-error), never an overwrite;
 * each version that counts is followed by its scores when a package scores the questionnaire version.
 */
export type ResponseEvent =
  | { type: 'QuestionnaireResponseAccepted'; data: QuestionnaireResponseAccepted }
  | { type: 'QuestionnaireResponseAmended'; data: QuestionnaireResponseAmended }
  | { type: 'QuestionnaireResponseEnteredInError'; data: QuestionnaireResponseEnteredInError }
  | { type: 'QuestionnaireResponseScored'; data: QuestionnaireResponseScored };

export const responseStreamId = (responseId: string) => `response-${responseId}`;
