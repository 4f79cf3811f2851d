import { Inject, Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import { decideAccess, type AccessRequest, type Actor, type Decision } from '@hub/access-policy';
import type { AccessPurpose, DataKind, Role } from '@hub/contracts';
import { POOL } from '@hub/service-kit';
import { logAccess } from './access-log.writer';
import { loadAccessState } from '@hub/access-replica';
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

export interface ReadOutcome {
  decision: Decision;
  released: StoredResponse[];
}

/** Picks the decision that summarises a read: a flagged override first, then any permit, else the first deny. */
function summarise(decisions: Decision[]): Decision | undefined {
  return decisions.find((d) => d.overridden) ?? decisions.find((d) => d.effect === 'permit') ?? decisions[0];
}

/**
 * Every read of a patient's responses passes here: decided per response (a block may cover only data from a
 * period), the permitted ones released, and exactly one access-log entry written for the patient, permit or deny.
 */
@Injectable()
export class ResponseAccess {
  constructor(@Inject(POOL) private readonly pool: Pool) {}

  async read(actor: Actor, patientId: string, kind: DataKind, responses: StoredResponse[], at: string): Promise<ReadOutcome> {
    const state = await loadAccessState(this.pool, patientId);
    const base: AccessRequest = { actor, patientId, purpose: purposeOf(actor.role), data: { kind }, at };
    const decisions = responses.map((r) => decideAccess(state, { ...base, data: { kind, recordedAt: r.receivedAt } }));
    const released = responses.filter((_, i) => decisions[i].effect === 'permit');
    const decision = summarise(decisions) ?? decideAccess(state, base);
    await logAccess(this.pool, base, decision, released.map((r) => r.responseId));
    return { decision, released };
  }
}
