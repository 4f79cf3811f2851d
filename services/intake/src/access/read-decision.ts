import { decideAccess, type AccessRequest, type Decision, type PatientAccessState } from '@hub/access-policy';
import type { StoredResponse } from './response-reads';

export interface ReadDecision {
  /** The one decision logged for the patient: a flagged override first, then any permit, else the first deny. */
  decision: Decision;
  released: StoredResponse[];
}

/**
 * Decides a read of one patient's responses: per response, because a block may cover only data from a period,
 * so the same reader may see some answers and not others. With nothing to read the decision is still made
 * (and logged), on data of unknown date, which fails closed.
 */
export function decideRead(state: PatientAccessState, request: AccessRequest, responses: StoredResponse[]): ReadDecision {
  const decisions = responses.map((r) => decideAccess(state, { ...request, data: { ...request.data, recordedAt: r.receivedAt } }));
  const released = responses.filter((_, i) => decisions[i].effect === 'permit');
  const decision = decisions.find((d) => d.overridden) ?? decisions.find((d) => d.effect === 'permit') ?? decisions[0] ?? decideAccess(state, request);
  return { decision, released };
}
