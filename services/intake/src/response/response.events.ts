import type { QuestionnaireResponseAccepted } from '@hub/contracts';

export type ResponseEvent = { type: 'QuestionnaireResponseAccepted'; data: QuestionnaireResponseAccepted };

export const responseStreamId = (responseId: string) => `response-${responseId}`;
