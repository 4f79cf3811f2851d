import type { PoolClient } from 'pg';
import type { AccessStateEvent } from '@hub/access-policy';
import type { ConsumedEvent, EventHandlers } from '@hub/messaging';
import { rememberAccessEvent } from './access-replica.table';

/**
 * Consumer handlers that keep a service's replica of patients' access state from the consent topic. Only the
 * events the decision needs: PatientRegistered (with the CPR envelope) and the registers are never stored.
 */
export function accessReplicaHandlers(): EventHandlers {
  const remember = (event: ConsumedEvent, tx: PoolClient) => rememberAccessEvent(tx, event.eventId, { type: event.type, data: event.data } as AccessStateEvent);
  return {
    CareRelationshipStarted: remember,
    CareRelationshipEnded: remember,
    AccessBlocked: remember,
    BlockLifted: remember,
    BlockOverridden: remember,
    ConsentGranted: remember,
    ConsentWithdrawn: remember,
    PatientErased: remember,
  };
}
