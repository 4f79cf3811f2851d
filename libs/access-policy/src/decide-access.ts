import type { AccessPurpose, DataKind, Obligation, Role } from '@hub/contracts';
import type { Block, CareRelationship, ConsentRecord, Override, PatientAccessState } from './access-state';
import { isWithin } from './periods';

/** Who asks: from the verified token (subject, role, organisation; a patient's own id; a researcher's project). */
export interface Actor {
  subject: string;
  role: Role;
  orgSor: string;
  patientId?: string;
  projectId?: string;
}

export interface AccessRequest {
  actor: Actor;
  patientId: string;
  purpose: AccessPurpose;
  /** What is asked for; `recordedAt` is when the data came into being (for blocks with a data period). */
  data: { kind: DataKind; recordedAt?: string };
  /** The instant the access happens (or happened, for "as of" questions). */
  at: string;
}

export type DenyReason =
  | 'not-own-data'
  | 'no-care-relationship'
  | 'blocked'
  | 'no-research-consent'
  | 'research-consent-withdrawn'
  | 'no-research-project'
  | 'purpose-not-allowed-for-role'
  | 'audit-reads-access-log-only'
  | 'patient-erased'
  | 'not-ordering-unit';

export type PermitReason = 'own-data' | 'care-relationship' | 'override-patient-consent' | 'override-vital-interest' | 'quality-mandate' | 'research-consent' | 'audit' | 'ordering-unit' | 'register-administration';

export interface Decision {
  effect: 'permit' | 'deny';
  reason: PermitReason | DenyReason;
  obligations: Obligation[];
  /** True when a block was overridden: the access is permitted, logged and flagged for review. */
  overridden: boolean;
  /** The facts the decision rests on, so an auditor can trace it. */
  basis: { relationshipId?: string; blockId?: string; overrideId?: string };
}

const permit = (reason: PermitReason, obligations: Obligation[] = [], basis: Decision['basis'] = {}, overridden = false): Decision => ({
  effect: 'permit',
  reason,
  obligations: ['log-access', ...obligations],
  overridden,
  basis,
});
const deny = (reason: DenyReason, basis: Decision['basis'] = {}): Decision => ({ effect: 'deny', reason, obligations: ['log-access'], overridden: false, basis });

function activeRelationship(state: PatientAccessState, actor: Actor, at: string): CareRelationship | undefined {
  return state.careRelationships.find((r) => r.unitSor === actor.orgSor && isWithin({ from: r.validFrom, to: r.validTo }, at));
}

function blockTargets(block: Block, actor: Actor, relationship: CareRelationship): boolean {
  switch (block.target.kind) {
    case 'unit':
      return block.target.value === actor.orgSor;
    case 'sector':
      return block.target.value === relationship.sector;
    case 'professional':
      return block.target.value === actor.subject;
    default: {
      const _exhaustive: never = block.target.kind;
      return _exhaustive;
    }
  }
}

/**
 * A block covers data from its data period only; data whose date is unknown is treated as covered, since
 * failing closed is the lawful default when in doubt.
 */
function coversData(block: Block, recordedAt: string | undefined): boolean {
  if (block.dataFrom === undefined && block.dataTo === undefined) return true;
  if (recordedAt === undefined) return true;
  return isWithin({ from: block.dataFrom ?? '0000-01-01T00:00:00Z', to: block.dataTo }, recordedAt);
}

function activeBlock(state: PatientAccessState, request: AccessRequest, relationship: CareRelationship): Block | undefined {
  const { actor, at, data } = request;
  return state.blocks.find(
    (b) => isWithin({ from: b.validFrom, to: b.validTo }, at) && (b.liftedAt === undefined || Date.parse(at) < Date.parse(b.liftedAt)) && blockTargets(b, actor, relationship) && coversData(b, data.recordedAt),
  );
}

function activeOverride(state: PatientAccessState, actor: Actor, at: string): Override | undefined {
  return state.overrides.find((o) => o.unitSor === actor.orgSor && (o.professional === undefined || o.professional === actor.subject) && isWithin({ from: o.validFrom, to: o.validTo }, at));
}

/** Treatment: a unit with an active care relationship may see the data unless blocked; an override beats a block, flagged. */
function decideTreatment(state: PatientAccessState, request: AccessRequest): Decision {
  const relationship = activeRelationship(state, request.actor, request.at);
  if (!relationship) return deny('no-care-relationship');
  const block = activeBlock(state, request, relationship);
  if (!block) return permit('care-relationship', [], { relationshipId: relationship.relationshipId });
  const override = activeOverride(state, request.actor, request.at);
  if (!override) return deny('blocked', { relationshipId: relationship.relationshipId, blockId: block.blockId });
  const reason = override.reason === 'patient-consent' ? 'override-patient-consent' : 'override-vital-interest';
  return permit(reason, ['flag-override'], { relationshipId: relationship.relationshipId, blockId: block.blockId, overrideId: override.overrideId }, true);
}

function researchConsent(state: PatientAccessState, projectId: string, at: string): ConsentRecord | undefined {
  // The latest consent to the project granted by `at`: a later re-consent after a withdrawal counts.
  return state.consents.filter((c) => c.purpose === 'research' && c.projectId === projectId && Date.parse(c.grantedAt) <= Date.parse(at)).at(-1);
}

/** Research: explicit consent per project; only pseudonymised data leaves. */
function decideResearch(state: PatientAccessState, request: AccessRequest): Decision {
  const projectId = request.actor.projectId;
  if (!projectId) return deny('no-research-project');
  const consent = researchConsent(state, projectId, request.at);
  if (!consent) return deny('no-research-consent');
  if (consent.withdrawnAt !== undefined && Date.parse(consent.withdrawnAt) <= Date.parse(request.at)) return deny('research-consent-withdrawn');
  return permit('research-consent', ['pseudonymise']);
}

/**
 * The hub's one access decision: actor + patient + purpose + data at an instant → permit or deny, with the
 * reason and obligations. Pure: the patient's consent state is data, time arrives as `at`, so the same call
 * answers "now" and "as of T" (fold the events known at T, decide at T).
 */
export function decideAccess(state: PatientAccessState, request: AccessRequest): Decision {
  const { actor, purpose } = request;
  // After erasure nobody is let in to the patient's data, the patient's own account included (their identity is
  // gone); auditors still read the access log, which names no one, to verify what happened before.
  if (state.erasedAt !== undefined && Date.parse(state.erasedAt) <= Date.parse(request.at) && actor.role !== 'auditor') return deny('patient-erased');
  switch (actor.role) {
    case 'patient':
      return actor.patientId === request.patientId ? permit('own-data') : deny('not-own-data');
    case 'clinician':
      return purpose === 'treatment' ? decideTreatment(state, request) : deny('purpose-not-allowed-for-role');
    case 'quality-database':
      // Mandated by law: no consent, but only pseudonymised data may leave.
      return purpose === 'quality' ? permit('quality-mandate', ['pseudonymise']) : deny('purpose-not-allowed-for-role');
    case 'researcher':
      return purpose === 'research' ? decideResearch(state, request) : deny('purpose-not-allowed-for-role');
    case 'auditor':
      if (purpose !== 'audit') return deny('purpose-not-allowed-for-role');
      return request.data.kind === 'access-log' ? permit('audit') : deny('audit-reads-access-log-only');
    case 'administrator':
      // Administrators run the registers; they never read a patient's data.
      return deny('purpose-not-allowed-for-role');
    default: {
      const _exhaustive: never = actor.role;
      return _exhaustive;
    }
  }
}

/**
 * Reading what a unit itself ordered for a patient (an order, a dispatch: they name the patient and the
 * questionnaire, not the answers): the ordering unit's clinicians, and administrators, who run the registers and
 * the schedules; nobody else. Logged like every other decision (the caller writes it).
 */
export function decideUnitRecordRead(actor: Actor, orderingUnit: string): Decision {
  if (actor.role === 'administrator') return permit('register-administration');
  if (actor.role === 'clinician' && actor.orgSor === orderingUnit) return permit('ordering-unit');
  return actor.role === 'clinician' ? deny('not-ordering-unit') : deny('purpose-not-allowed-for-role');
}
