import { Inject, Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import type { AccessRequest, Actor } from '@hub/access-policy';
import { loadAccessState } from '@hub/access-replica';
import type { AccessPurpose, DataKind, Role } from '@hub/contracts';
import { logAccess, POOL } from '@hub/service-kit';
import { decideRead, type ReadDecision } from './read-decision';
import type { StoredResponse } from './response-reads';

/** The purpose a role reads for; the decision function then judges whether that purpose is allowed. */
export function purposeOf(role: Role): AccessPurpose {
  switch (role) {
    case 'clinician':
    case 'patient':
    case 'administrator':
      return 'treatment';
    case 'quality-database':
      return 'quality';
    case 'researcher':
      return 'research';
    case 'auditor':
      return 'audit';
    default: {
      const _exhaustive: never = role;
      return _exhaustive;
    }
  }
}

/**
 * Every read of a patient's responses passes here: decided per response (a block may cover only data from a
 * period), the permitted ones released, and exactly one access-log entry written for the patient, permit or deny.
 */
@Injectable()
export class ResponseAccess {
  constructor(@Inject(POOL) private readonly pool: Pool) {}

  async read(actor: Actor, patientId: string, kind: DataKind, responses: StoredResponse[], at: string): Promise<ReadDecision> {
    const state = await loadAccessState(this.pool, patientId);
    const request: AccessRequest = { actor, patientId, purpose: purposeOf(actor.role), data: { kind }, at };
    const outcome = decideRead(state, request, responses);
    await logAccess(this.pool, request, outcome.decision, outcome.released.map((r) => r.responseId));
    return outcome;
  }
}
