import type { AccessDecided, AccessDecidedV1 } from '../events';

/**
 * v1 → v2 is the identity: v2 only widens the data kinds (adding 'identity') and adds the optional `basis`.
 * A v1 decision was never about an identity and named no basis, so it reads as it was written.
 */
export function accessDecidedV1ToV2(v1: AccessDecidedV1): AccessDecided {
  return v1;
}
