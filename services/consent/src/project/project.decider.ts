import { isResearchProjectId, type ResearchProjectRegistered } from '@hub/contracts';
import type { Decider } from '@hub/event-store';
import { DomainError, validationError, type Problem } from '@hub/service-kit/errors';
import type { ProjectEvent } from './project.events';

export interface RegisterProject {
  type: 'RegisterProject';
  projectId: string;
  title: string;
  consentTextVersions: string[];
  at: string;
}

export type ProjectCommand = RegisterProject;

export interface ProjectState {
  registered?: ResearchProjectRegistered;
}


function problems(c: RegisterProject): Problem[] {
  return [
    // The shared slug rule: the id names the project's topic, pseudonym domain, research schema and reader role.
    ...(isResearchProjectId(c.projectId) ? [] : [{ location: 'projectId', message: 'projectId must be 1-40 lower-case letters, digits or inner hyphens' }]),
    ...(c.title?.trim() ? [] : [{ location: 'title', message: 'title is required' }]),
    ...(Array.isArray(c.consentTextVersions) && c.consentTextVersions.length > 0 && c.consentTextVersions.every((v) => typeof v === 'string' && v.trim())
      ? []
      : [{ location: 'consentTextVersions', message: 'at least one consent text version is required' }]),
  ];
}

function register(command: RegisterProject, state: ProjectState): ProjectEvent[] {
  const found = problems(command);
  if (found.length > 0) throw validationError('invalid research project', found);
  if (state.registered) {
    if (state.registered.title === command.title && state.registered.consentTextVersions.join('\n') === command.consentTextVersions.join('\n')) return [];
    throw new DomainError('conflict', `research project ${command.projectId} is already registered with different details`);
  }
  const { projectId, title, consentTextVersions, at } = command;
  return [{ type: 'ResearchProjectRegistered', data: { projectId, title, consentTextVersions, registeredAt: at } }];
}

export const projectDecider: Decider<ProjectCommand, ProjectState, ProjectEvent> = {
  initialState: () => ({}),
  decide(command, state) {
    switch (command.type) {
      case 'RegisterProject':
        return register(command, state);
      default: {
        const _exhaustive: never = command.type;
        return _exhaustive;
      }
    }
  },
  evolve(state, event) {
    switch (event.type) {
      case 'ResearchProjectRegistered':
        return { registered: event.data };
      default: {
        const _exhaustive: never = event.type;
        return _exhaustive;
      }
    }
  },
};
