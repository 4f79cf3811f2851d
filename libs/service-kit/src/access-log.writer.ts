import { randomUUID } from 'node:crypto';
import { accessStreamId, buildAccessDecided, type AccessRequest, type Decision } from '@hub/access-policy';
import { contractOf } from '@hub/contracts';
import { appendToStream, type Queryable } from '@hub/event-store';
import { traceMetadata } from '@hub/messaging';

/**
 * Appends one AccessDecided to the service's own store (its relay publishes it on the access-log topic, where
 * the consent service keeps the patient's access log). Called before any data is returned: if the log cannot be
 * written, nothing is released.
 */
export async function logAccess(db: Queryable, request: AccessRequest, decision: Decision, releasedIds: string[]): Promise<void> {
  const accessId = randomUUID();
  const data = buildAccessDecided(accessId, request, decision, releasedIds);
  await appendToStream(db, accessStreamId(accessId), 0, [{ eventId: randomUUID(), type: 'AccessDecided', schemaVersion: contractOf('AccessDecided').schemaVersion, data, metadata: traceMetadata() }]);
}
