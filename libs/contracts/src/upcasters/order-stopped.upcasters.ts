import type { OrderStopped, OrderStoppedV1 } from '../events';

/** v1 → v2 is the identity: v2 only adds the reason 'patient-erased', which no v1 event can carry. */
export function orderStoppedV1ToV2(v1: OrderStoppedV1): OrderStopped {
  return v1;
}
