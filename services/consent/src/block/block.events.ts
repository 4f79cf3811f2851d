import type { AccessBlocked, BlockLifted, BlockOverridden } from '@hub/contracts';

export type BlockEvent = { type: 'AccessBlocked'; data: AccessBlocked } | { type: 'BlockLifted'; data: BlockLifted } | { type: 'BlockOverridden'; data: BlockOverridden };

/** One stream per patient holds their blocks and overrides, so overlap checks and overrides see them all. */
export const blocksStreamId = (patientId: string) => `blocks-${patientId}`;
