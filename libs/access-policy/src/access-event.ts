import type { AccessDecided } from '@hub/contracts';
import type { AccessRequest, Decision } from './decide-access';

/**
 * The access-log entry for one decision about one patient: who (subject, role, unit), what, why, when.
 * Built only from codes and ids, never free text, so no CPR number can slip in. `ids` lists what was
 * actually released (empty on a deny).
 */
export function buildAccessDecided(accessId: string, request: AccessRequest, decision: Decision, ids: string[] = [], internalOnly = false): AccessDecided {
  const { actor } = request;
  return {
    accessId,
    patientId: request.patientId,
    actor: { subject: actor.subject, role: actor.role, orgSor: actor.orgSor },
    purpose: request.purpose,
    resource: { kind: request.data.kind, ...(ids.length > 0 ? { ids } : {}) },
    effect: decision.effect,
    reason: decision.reason,
    obligations: decision.obligations,
    overridden: decision.overridden,
    internalOnly,
    decidedAt: request.at,
  };
}

/** The stream an access event is stored in: one per decision, so logging never contends with other writers. */
export const accessStreamId = (accessId: string) => `access-${accessId}`;
