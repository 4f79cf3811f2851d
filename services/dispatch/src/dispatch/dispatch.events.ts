import type { QuestionnaireDispatched } from '@hub/contracts';

export type DispatchEvent = { type: 'QuestionnaireDispatched'; data: QuestionnaireDispatched };

export const dispatchStreamId = (dispatchId: string) => `dispatch-${dispatchId}`;
