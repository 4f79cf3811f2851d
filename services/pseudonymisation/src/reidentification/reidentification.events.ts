import type { ReidentificationApproved, ReidentificationIdentitiesRead, ReidentificationRefused, ReidentificationReleased, ReidentificationRequested } from '@hub/contracts';

export type ReidentificationEvent =
  | { type: 'ReidentificationRequested'; data: ReidentificationRequested }
  | { type: 'ReidentificationApproved'; data: ReidentificationApproved }
  | { type: 'ReidentificationReleased'; data: ReidentificationReleased }
  | { type: 'ReidentificationRefused'; data: ReidentificationRefused }
  | { type: 'ReidentificationIdentitiesRead'; data: ReidentificationIdentitiesRead };

/** One stream per request: the request, its approvals, its release, every refusal and every read, in order. */
export const reidentificationStreamId = (requestId: string) => `reidentification-${requestId}`;
