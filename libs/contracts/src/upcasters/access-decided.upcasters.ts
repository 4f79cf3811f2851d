import type { AccessDecided, AccessDecidedV1, AccessDecidedV2 } from '../events';

/**
 * v1 → v2 is the identity: v2 only widens the data kinds (adding 'identity') and adds the optional `basis`.
 * A v1 decision was never about an identity and named no basis, so it reads as it was written.
 */
export function accessDecidedV1ToV2(v1: AccessDecidedV1): AccessDecidedV2 {
  return v1;
}

/** v2 → v3 is the identity as well: v3 only widens the data kinds (adding 'order' and 'dispatch'). */
export function accessDecidedV2ToV3(v2: AccessDecidedV2): AccessDecided {
  return v2;
}
