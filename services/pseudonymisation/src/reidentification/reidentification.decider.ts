import type { ReidentificationActor, ReidentificationAction, ReidentificationRefusal, ReidentificationReleased, ReidentificationRequested } from '@hub/contracts';
import type { Decider } from '@hub/event-store';
import { DomainError, type Problem } from '@hub/service-kit/errors';
import { requestProblems, toRequestBody } from './reidentification-checks';
import type { ReidentificationEvent } from './reidentification.events';

/** Approvals must be collected within 72 hours of the request; a stale request is asked again, not revived. */
export const APPROVAL_WINDOW_MS = 72 * 60 * 60 * 1000;
/** The identities are readable for 24 hours after the release: long enough for a follow-up dialogue, no standing access. */
export const RELEASE_VALIDITY_MS = 24 * 60 * 60 * 1000;
/** Four eyes: two different approvers, neither of them the requester. */
export const APPROVALS_NEEDED = 2;
/** Who may ask (a clinician of the treatment unit that follows up) and who may approve (administrators acting as data-responsible). */
export const REQUESTER_ROLE = 'clinician';
export const APPROVER_ROLE = 'administrator';

export interface RequestReidentification {
  type: 'RequestReidentification';
  requestId: string;
  actor: ReidentificationActor;
  /** The body as received: checking it is part of the decision, so a refused request is recorded too. */
  body: unknown;
  at: string;
}

export interface ApproveReidentification {
  type: 'ApproveReidentification';
  requestId: string;
  actor: ReidentificationActor;
  at: string;
}

export interface ReadIdentities {
  type: 'ReadIdentities';
  requestId: string;
  actor: ReidentificationActor;
  at: string;
  /** Looked up by the handler once the read was found permitted; undefined when it was not looked up. */
  resolved?: { pseudonym: string; patientId?: string }[];
}

export type ReidentificationCommand = RequestReidentification | ApproveReidentification | ReadIdentities;

export interface ReidentificationState {
  request?: ReidentificationRequested;
  approvers: string[];
  release?: ReidentificationReleased;
}

const TOLD: Record<ReidentificationRefusal, string> = {
  'wrong-role': 'your role may not do this',
  'invalid-request': 'the request is invalid',
  'not-found': 'no such re-identification request',
  'self-approval': 'the requester cannot approve their own request',
  'already-approved': 'you have already approved this request; a second approver must be someone else',
  'already-released': 'the request has already been approved and released',
  'approval-window-closed': 'the request expired before it was approved; ask again',
  'other-unit': 'the identities are released only to the unit that asked',
  'not-approved': `the request needs ${APPROVALS_NEEDED} approvals from different people before the identities are released`,
  'release-expired': 'the release has expired; ask again',
};

const plus = (iso: string, ms: number) => new Date(Date.parse(iso) + ms).toISOString();
const isAtOrAfter = (at: string, limit: string) => Date.parse(at) >= Date.parse(limit);

function refused(c: ReidentificationCommand, action: ReidentificationAction, reason: ReidentificationRefusal, problems: Problem[] = [{ message: TOLD[reason] }]): ReidentificationEvent[] {
  const told = problems.map((p) => (p.location ? { location: p.location, message: p.message } : { message: p.message }));
  return [{ type: 'ReidentificationRefused', data: { requestId: c.requestId, action, actor: c.actor, reason, problems: told, refusedAt: c.at } }];
}

function request(c: RequestReidentification, state: ReidentificationState): ReidentificationEvent[] {
  // Request ids are made by the service; a clash is a bug, not a decision to record.
  if (state.request) throw new DomainError('conflict', `re-identification request ${c.requestId} already exists`);
  if (c.actor.role !== REQUESTER_ROLE) return refused(c, 'request', 'wrong-role', [{ message: `only a ${REQUESTER_ROLE} of a treatment unit may ask for re-identification` }]);
  const problems = requestProblems(c.body);
  if (problems.length > 0) return refused(c, 'request', 'invalid-request', problems);
  const body = toRequestBody(c.body);
  return [{ type: 'ReidentificationRequested', data: { requestId: c.requestId, ...body, requester: c.actor, requestedAt: c.at, approvalDeadline: plus(c.at, APPROVAL_WINDOW_MS) } }];
}

/** Why this approval is refused, or undefined when it counts. */
function approvalRefusal(c: ApproveReidentification, state: ReidentificationState): ReidentificationRefusal | undefined {
  if (!state.request) return 'not-found';
  // Before the role: whatever token the requester uses, approving their own request is the point being refused.
  if (c.actor.subject === state.request.requester.subject) return 'self-approval';
  if (c.actor.role !== APPROVER_ROLE) return 'wrong-role';
  if (state.release) return 'already-released';
  if (state.approvers.includes(c.actor.subject)) return 'already-approved';
  if (isAtOrAfter(c.at, state.request.approvalDeadline)) return 'approval-window-closed';
  return undefined;
}

function approve(c: ApproveReidentification, state: ReidentificationState): ReidentificationEvent[] {
  const refusal = approvalRefusal(c, state);
  if (refusal) return refused(c, 'approve', refusal, refusal === 'wrong-role' ? [{ message: `only an ${APPROVER_ROLE} may approve re-identification` }] : undefined);
  const approved: ReidentificationEvent = { type: 'ReidentificationApproved', data: { requestId: c.requestId, approver: c.actor, approvedAt: c.at } };
  const approvers = [...state.approvers, c.actor.subject];
  if (approvers.length < APPROVALS_NEEDED) return [approved];
  const release = { requestId: c.requestId, approvers, releasedToSor: state.request!.requester.orgSor, releasedAt: c.at, validUntil: plus(c.at, RELEASE_VALIDITY_MS) };
  return [approved, { type: 'ReidentificationReleased', data: release }];
}

/** Why reading the identities is refused, or undefined when it is permitted. The handler asks before it looks anything up. */
export function readRefusal(actor: ReidentificationActor, at: string, state: ReidentificationState): ReidentificationRefusal | undefined {
  if (!state.request) return 'not-found';
  if (actor.role !== REQUESTER_ROLE) return 'wrong-role';
  if (actor.orgSor !== state.request.requester.orgSor) return 'other-unit';
  if (!state.release) return 'not-approved';
  if (isAtOrAfter(at, state.release.validUntil)) return 'release-expired';
  return undefined;
}

function readIdentities(c: ReadIdentities, state: ReidentificationState): ReidentificationEvent[] {
  const refusal = readRefusal(c.actor, c.at, state);
  if (refusal) return refused(c, 'read-identities', refusal, refusal === 'wrong-role' ? [{ message: `only a ${REQUESTER_ROLE} of the requesting unit may read the identities` }] : undefined);
  // Released between the handler's check and this decision: nothing was looked up yet, so the caller tries again.
  if (!c.resolved) throw new DomainError('conflict', 'the request changed while it was read; try again', undefined, true);
  const identities = c.resolved.flatMap((r) => (r.patientId ? [{ pseudonym: r.pseudonym, patientId: r.patientId }] : []));
  const notFound = c.resolved.filter((r) => !r.patientId).map((r) => r.pseudonym);
  return [{ type: 'ReidentificationIdentitiesRead', data: { requestId: c.requestId, reader: c.actor, identities, notFound, readAt: c.at } }];
}

export function evolveReidentification(state: ReidentificationState, event: ReidentificationEvent): ReidentificationState {
  switch (event.type) {
    case 'ReidentificationRequested':
      return { ...state, request: event.data };
    case 'ReidentificationApproved':
      return { ...state, approvers: [...state.approvers, event.data.approver.subject] };
    case 'ReidentificationReleased':
      return { ...state, release: event.data };
    case 'ReidentificationRefused':
    case 'ReidentificationIdentitiesRead':
      return state;
    default: {
      const _exhaustive: never = event;
      return _exhaustive;
    }
  }
}

export const reidentificationDecider: Decider<ReidentificationCommand, ReidentificationState, ReidentificationEvent> = {
  initialState: () => ({ approvers: [] }),
  decide(command, state) {
    switch (command.type) {
      case 'RequestReidentification':
        return request(command, state);
      case 'ApproveReidentification':
        return approve(command, state);
      case 'ReadIdentities':
        return readIdentities(command, state);
      default: {
        const _exhaustive: never = command;
        return _exhaustive;
      }
    }
  },
  evolve: evolveReidentification,
};
