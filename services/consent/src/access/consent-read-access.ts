import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import { accessStateAsOf, accessStreamId, buildAccessDecided, decideAccess, type AccessRequest, type Actor, type PatientAccessState } from '@hub/access-policy';
import { contractOf } from '@hub/contracts';
import { appendToStream } from '@hub/event-store';
import { traceMetadata } from '@hub/messaging';
import { denied, POOL } from '@hub/service-kit';
import { readAccessEvents } from './patient-access.reader';

/**
 * Reads of a patient's consents, blocks and care relationships are reads of their data too: the same decision
 * (a clinician needs an active care relationship and no block; a patient reads their own), and an access-log
 * entry either way, written before anything is returned.
 */
@Injectable()
export class ConsentReadAccess {
  constructor(@Inject(POOL) private readonly pool: Pool) {}

  async read(actor: Actor, patientId: string, asOf?: string): Promise<PatientAccessState> {
    const events = await readAccessEvents(this.pool, patientId);
    const at = new Date().toISOString();
    const request: AccessRequest = { actor, patientId, purpose: 'treatment', data: { kind: 'consent' }, at };
    const decision = decideAccess(accessStateAsOf(events), request);
    const accessId = randomUUID();
    const data = buildAccessDecided(accessId, request, decision);
    await appendToStream(this.pool, accessStreamId(accessId), 0, [{ eventId: randomUUID(), type: 'AccessDecided', schemaVersion: contractOf('AccessDecided').schemaVersion, data, metadata: traceMetadata() }]);
    if (decision.effect === 'deny') throw denied(`access denied: ${decision.reason}`);
    return accessStateAsOf(events, asOf);
  }
}
