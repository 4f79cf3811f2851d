import type { CareRelationshipEnded, CareRelationshipStarted } from '@hub/contracts';

export type CareRelationshipEvent = { type: 'CareRelationshipStarted'; data: CareRelationshipStarted } | { type: 'CareRelationshipEnded'; data: CareRelationshipEnded };

/** One stream per patient holds all their care relationships, so overlap checks see every one of them. */
export const careRelationshipsStreamId = (patientId: string) => `care-relationships-${patientId}`;
