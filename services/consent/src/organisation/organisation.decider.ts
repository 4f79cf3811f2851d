import type { OrganisationRegistered, Sector } from '@hub/contracts';
import type { Decider } from '@hub/event-store';
import { DomainError, validationError, type Problem } from '@hub/service-kit/errors';
import type { OrganisationEvent } from './organisation.events';
import { SECTORS, sorProblems } from './sor';

export interface RegisterOrganisation {
  type: 'RegisterOrganisation';
  sor: string;
  name: string;
  sector: Sector;
  region: string;
  at: string;
}

export type OrganisationCommand = RegisterOrganisation;

export interface OrganisationState {
  registered?: OrganisationRegistered;
}

/** Every problem with one register entry; the bulk load checks all entries before writing any. */
export function organisationProblems(entry: Partial<Record<keyof RegisterOrganisation, unknown>>, location = ''): Problem[] {
  const text = (v: unknown) => typeof v === 'string' && v.trim().length > 0;
  return [
    ...sorProblems(entry.sor, `${location}sor`),
    ...(text(entry.name) ? [] : [{ location: `${location}name`, message: 'name is required' }]),
    ...(SECTORS.includes(entry.sector as Sector) ? [] : [{ location: `${location}sector`, message: `sector must be one of ${SECTORS.join(', ')}` }]),
    ...(text(entry.region) ? [] : [{ location: `${location}region`, message: 'region is required' }]),
  ];
}

function register(command: RegisterOrganisation, state: OrganisationState): OrganisationEvent[] {
  const problems = organisationProblems(command);
  if (problems.length > 0) throw validationError('invalid organisation', problems);
  const { sor, name, sector, region } = command;
  if (state.registered) {
    const same = state.registered.name === name && state.registered.sector === sector && state.registered.region === region;
    // Reloading the same register is a no-op; a unit changing sector would silently change access decisions.
    if (same) return [];
    throw new DomainError('conflict', `organisation ${sor} is already registered with different details`);
  }
  return [{ type: 'OrganisationRegistered', data: { sor, name, sector, region, registeredAt: command.at } }];
}

export const organisationDecider: Decider<OrganisationCommand, OrganisationState, OrganisationEvent> = {
  initialState: () => ({}),
  decide(command, state) {
    switch (command.type) {
      case 'RegisterOrganisation':
        return register(command, state);
      default: {
        const _exhaustive: never = command.type;
        return _exhaustive;
      }
    }
  },
  evolve(state, event) {
    switch (event.type) {
      case 'OrganisationRegistered':
        return { registered: event.data };
      default: {
        const _exhaustive: never = event.type;
        return _exhaustive;
      }
    }
  },
};
