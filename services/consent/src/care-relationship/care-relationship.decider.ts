import type { Sector } from '@hub/contracts';
import { overlaps, periodProblems, type CareRelationship } from '@hub/access-policy';
import type { Decider } from '@hub/event-store';
import { DomainError, validationError, type Problem } from '@hub/service-kit/errors';
import type { CareRelationshipEvent } from './care-relationship.events';

/** What the handler looked up: whether the patient is registered, and the unit's sector from the register. */
export interface CareFacts {
  patientKnown: boolean;
  unit?: { sector: Sector };
}

export interface StartCareRelationship extends CareFacts {
  type: 'StartCareRelationship';
  relationshipId: string;
  patientId: string;
  unitSor: string;
  pathway: string;
  validFrom: string;
  validTo?: string;
  at: string;
}

export interface EndCareRelationship {
  type: 'EndCareRelationship';
  relationshipId: string;
  patientId: string;
  validTo: string;
  at: string;
}

export type CareRelationshipCommand = StartCareRelationship | EndCareRelationship;

export interface CareRelationshipState {
  relationships: CareRelationship[];
}

function overlapping(state: CareRelationshipState, unitSor: string, period: { from: string; to?: string }, except?: string): CareRelationship | undefined {
  return state.relationships.find((r) => r.relationshipId !== except && r.unitSor === unitSor && overlaps({ from: r.validFrom, to: r.validTo }, period));
}

function start(c: StartCareRelationship, state: CareRelationshipState): CareRelationshipEvent[] {
  const problems: Problem[] = [...periodProblems({ from: c.validFrom, to: c.validTo }, 'period'), ...(c.pathway?.trim() ? [] : [{ location: 'pathway', message: 'pathway is required' }])];
  if (problems.length > 0) throw validationError('invalid care relationship', problems);
  const missing = [
    ...(c.patientKnown ? [] : [{ location: 'patientId', message: `patient ${c.patientId} is not registered` }]),
    ...(c.unit ? [] : [{ location: 'unitSor', message: `unit ${c.unitSor} is not in the organisation register` }]),
  ];
  if (missing.length > 0) throw new DomainError('not-found', missing.map((p) => p.message).join('; '), missing);
  const clash = overlapping(state, c.unitSor, { from: c.validFrom, to: c.validTo });
  if (clash) throw new DomainError('conflict', `unit ${c.unitSor} already has a care relationship (${clash.relationshipId}) with the patient overlapping that period`);
  const { relationshipId, patientId, unitSor, pathway, validFrom, validTo, at } = c;
  return [{ type: 'CareRelationshipStarted', data: { relationshipId, patientId, unitSor, sector: c.unit!.sector, pathway, validFrom, ...(validTo ? { validTo } : {}), recordedAt: at } }];
}

function end(c: EndCareRelationship, state: CareRelationshipState): CareRelationshipEvent[] {
  const relationship = state.relationships.find((r) => r.relationshipId === c.relationshipId);
  if (!relationship) throw new DomainError('not-found', `care relationship ${c.relationshipId} does not exist for patient ${c.patientId}`);
  if (relationship.validTo !== undefined && Date.parse(relationship.validTo) === Date.parse(c.validTo)) return [];
  const problems = periodProblems({ from: relationship.validFrom, to: c.validTo }, 'validTo');
  if (problems.length > 0) throw validationError('invalid end of care relationship', problems);
  const clash = overlapping(state, relationship.unitSor, { from: relationship.validFrom, to: c.validTo }, relationship.relationshipId);
  if (clash) throw new DomainError('conflict', `the new end would overlap care relationship ${clash.relationshipId}`);
  return [{ type: 'CareRelationshipEnded', data: { relationshipId: c.relationshipId, patientId: c.patientId, unitSor: relationship.unitSor, validTo: c.validTo, recordedAt: c.at } }];
}

export const careRelationshipDecider: Decider<CareRelationshipCommand, CareRelationshipState, CareRelationshipEvent> = {
  initialState: () => ({ relationships: [] }),
  decide(command, state) {
    switch (command.type) {
      case 'StartCareRelationship':
        return start(command, state);
      case 'EndCareRelationship':
        return end(command, state);
      default: {
        const _exhaustive: never = command;
        return _exhaustive;
      }
    }
  },
  evolve(state, event) {
    switch (event.type) {
      case 'CareRelationshipStarted': {
        const { relationshipId, unitSor, sector, pathway, validFrom, validTo } = event.data;
        return { relationships: [...state.relationships, { relationshipId, unitSor, sector, pathway, validFrom, validTo }] };
      }
      case 'CareRelationshipEnded':
        return { relationships: state.relationships.map((r) => (r.relationshipId === event.data.relationshipId ? { ...r, validTo: event.data.validTo } : r)) };
      default: {
        const _exhaustive: never = event;
        return _exhaustive;
      }
    }
  },
};
