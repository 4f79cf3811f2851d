import type {
  AccessBlocked,
  BlockLifted,
  BlockOverridden,
  BlockTarget,
  CareRelationshipEnded,
  CareRelationshipStarted,
  ConsentGranted,
  ConsentWithdrawn,
  PatientErased,
  Purpose,
  Sector,
} from '@hub/contracts';

/** A unit's care relationship with the patient over [validFrom, validTo). */
export interface CareRelationship {
  relationshipId: string;
  unitSor: string;
  sector: Sector;
  pathway: string;
  validFrom: string;
  validTo?: string;
}

/** A block ("spærring"); `liftedAt` ends it early. Data period absent: all of the patient's data. */
export interface Block {
  blockId: string;
  target: BlockTarget;
  validFrom: string;
  validTo?: string;
  dataFrom?: string;
  dataTo?: string;
  liftedAt?: string;
}

export interface Override {
  overrideId: string;
  unitSor: string;
  professional?: string;
  reason: BlockOverridden['reason'];
  validFrom: string;
  validTo: string;
}

/** One purpose's consent history: research consents are per project; withdrawal ends them. */
export interface ConsentRecord {
  purpose: Purpose;
  projectId?: string;
  textVersion?: string;
  grantedAt: string;
  withdrawnAt?: string;
}

/** Everything the decision needs to know about one patient: plain data, folded from the consent events. */
export interface PatientAccessState {
  careRelationships: CareRelationship[];
  blocks: Block[];
  overrides: Override[];
  consents: ConsentRecord[];
  /** When the patient was erased (PatientErased): from then on nobody but an auditor is let in. */
  erasedAt?: string;
}

/** The consent-service events that shape a patient's access state. */
export type AccessStateEvent =
  | { type: 'CareRelationshipStarted'; data: CareRelationshipStarted }
  | { type: 'CareRelationshipEnded'; data: CareRelationshipEnded }
  | { type: 'AccessBlocked'; data: AccessBlocked }
  | { type: 'BlockLifted'; data: BlockLifted }
  | { type: 'BlockOverridden'; data: BlockOverridden }
  | { type: 'ConsentGranted'; data: ConsentGranted }
  | { type: 'ConsentWithdrawn'; data: ConsentWithdrawn }
  | { type: 'PatientErased'; data: PatientErased };

export const ACCESS_STATE_EVENT_TYPES: AccessStateEvent['type'][] = [
  'CareRelationshipStarted',
  'CareRelationshipEnded',
  'AccessBlocked',
  'BlockLifted',
  'BlockOverridden',
  'ConsentGranted',
  'ConsentWithdrawn',
  'PatientErased',
];

export const emptyAccessState = (): PatientAccessState => ({ careRelationships: [], blocks: [], overrides: [], consents: [] });

const sameConsent = (c: ConsentRecord, purpose: Purpose, projectId?: string) => c.purpose === purpose && c.projectId === projectId && c.withdrawnAt === undefined;

/** The events about blocks and overrides: what the consent service's block aggregate is made of. */
export type BlockStateEvent = Extract<AccessStateEvent, { type: 'AccessBlocked' | 'BlockLifted' | 'BlockOverridden' }>;

/**
 * Folds a block event into any state holding blocks and overrides: the block aggregate (which decides on them)
 * and the full access state (which decisions read) fold them with this one function, so they cannot drift.
 */
export function evolveBlocks<S extends Pick<PatientAccessState, 'blocks' | 'overrides'>>(state: S, event: BlockStateEvent): S {
  switch (event.type) {
    case 'AccessBlocked': {
      const { blockId, target, validFrom, validTo, dataFrom, dataTo } = event.data;
      return { ...state, blocks: [...state.blocks, { blockId, target, validFrom, validTo, dataFrom, dataTo }] };
    }
    case 'BlockLifted':
      return { ...state, blocks: state.blocks.map((b) => (b.blockId === event.data.blockId ? { ...b, liftedAt: event.data.liftedAt } : b)) };
    case 'BlockOverridden': {
      const { overrideId, unitSor, professional, reason, validFrom, validTo } = event.data;
      return { ...state, overrides: [...state.overrides, { overrideId, unitSor, professional, reason, validFrom, validTo }] };
    }
    default: {
      const _exhaustive: never = event;
      return _exhaustive;
    }
  }
}

/** Folds one event into the state; pure, so the consent service and every replica fold identically. */
export function evolveAccessState(state: PatientAccessState, event: AccessStateEvent): PatientAccessState {
  switch (event.type) {
    case 'CareRelationshipStarted': {
      const { relationshipId, unitSor, sector, pathway, validFrom, validTo } = event.data;
      return { ...state, careRelationships: [...state.careRelationships, { relationshipId, unitSor, sector, pathway, validFrom, validTo }] };
    }
    case 'CareRelationshipEnded':
      return { ...state, careRelationships: state.careRelationships.map((r) => (r.relationshipId === event.data.relationshipId ? { ...r, validTo: event.data.validTo } : r)) };
    case 'AccessBlocked':
    case 'BlockLifted':
    case 'BlockOverridden':
      return evolveBlocks(state, event);
    case 'ConsentGranted': {
      const { purpose, projectId, textVersion, grantedAt } = event.data;
      return { ...state, consents: [...state.consents, { purpose, projectId, textVersion, grantedAt }] };
    }
    case 'ConsentWithdrawn': {
      const { purpose, projectId, withdrawnAt } = event.data;
      return { ...state, consents: state.consents.map((c) => (sameConsent(c, purpose, projectId) ? { ...c, withdrawnAt } : c)) };
    }
    case 'PatientErased':
      return { ...state, erasedAt: event.data.erasedAt };
    default: {
      const _exhaustive: never = event;
      return _exhaustive;
    }
  }
}

/** When the hub learned of the event: the instant "as of" questions are asked against. */
export function recordedAtOf(event: AccessStateEvent): string {
  switch (event.type) {
    case 'CareRelationshipStarted':
    case 'CareRelationshipEnded':
    case 'AccessBlocked':
    case 'BlockOverridden':
      return event.data.recordedAt;
    case 'BlockLifted':
      return event.data.liftedAt;
    case 'ConsentGranted':
      return event.data.grantedAt;
    case 'ConsentWithdrawn':
      return event.data.withdrawnAt;
    case 'PatientErased':
      return event.data.erasedAt;
    default: {
      const _exhaustive: never = event;
      return _exhaustive;
    }
  }
}

/**
 * The state as the hub knew it at `asOf`: only events recorded by then count. A block registered later but
 * valid from earlier does not change what was decided before it was known; that is what "as of" means.
 */
export function accessStateAsOf(events: AccessStateEvent[], asOf?: string): PatientAccessState {
  const known = asOf === undefined ? events : events.filter((e) => Date.parse(recordedAtOf(e)) <= Date.parse(asOf));
  return known.reduce(evolveAccessState, emptyAccessState());
}
