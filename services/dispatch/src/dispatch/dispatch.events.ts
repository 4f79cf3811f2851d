import type { DispatchAnswered, DispatchExpired, NotificationRequested, QuestionnaireDispatched, ReminderDue } from '@hub/contracts';

/** A dispatch's life: sent (with a notification), reminded at most once, then answered or expired. */
export type DispatchEvent =
  | { type: 'QuestionnaireDispatched'; data: QuestionnaireDispatched }
  | { type: 'NotificationRequested'; data: NotificationRequested }
  | { type: 'ReminderDue'; data: ReminderDue }
  | { type: 'DispatchAnswered'; data: DispatchAnswered }
  | { type: 'DispatchExpired'; data: DispatchExpired };

export const dispatchStreamId = (dispatchId: string) => `dispatch-${dispatchId}`;
