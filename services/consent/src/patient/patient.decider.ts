import type { Purpose } from '@hub/contracts';
import type { Decider } from '@hub/event-store';
import { DomainError, illegalState, validationError } from '@hub/service-kit/errors';
import { cprProblems, parseCpr } from './cpr';
import type { PatientEvent } from './patient.events';

export type PatientCommand =
  | { type: 'RegisterPatient'; patientId: string; cpr: string; at: string }
  | { type: 'GrantConsent'; patientId: string; purpose: Purpose; projectId?: string; at: string };

export interface PatientState {
  registered: boolean;
  /** Purposes (research per project, as `research:<project>`) with an active consent. */
  consents: string[];
}

const consentKey = (purpose: Purpose, projectId?: string) => (purpose === 'research' ? `research:${projectId}` : purpose);

function registerPatient(command: Extract<PatientCommand, { type: 'RegisterPatient' }>, state: PatientState): PatientEvent[] {
  if (state.registered) return [];
  const problems = cprProblems(command.cpr);
  if (problems.length > 0) throw validationError('invalid CPR number', problems.map((message) => ({ location: 'cpr', message })));
  const cpr = parseCpr(command.cpr)!.normalised;
  return [{ type: 'PatientRegistered', data: { patientId: command.patientId, cpr, registeredAt: command.at } }];
}

function grantConsent(command: Extract<PatientCommand, { type: 'GrantConsent' }>, state: PatientState): PatientEvent[] {
  if (!state.registered) throw new DomainError('not-found', `patient ${command.patientId} is not registered`);
  if (command.purpose === 'research' && !command.projectId) throw validationError('research consent names a project', [{ location: 'projectId', message: 'required for research' }]);
  if (command.purpose !== 'research' && command.projectId) throw illegalState('only research consent names a project');
  if (state.consents.includes(consentKey(command.purpose, command.projectId))) return [];
  const data = { patientId: command.patientId, purpose: command.purpose, grantedAt: command.at, ...(command.projectId ? { projectId: command.projectId } : {}) };
  return [{ type: 'ConsentGranted', data }];
}

export const patientDecider: Decider<PatientCommand, PatientState, PatientEvent> = {
  initialState: () => ({ registered: false, consents: [] }),
  decide(command, state) {
    switch (command.type) {
      case 'RegisterPatient':
        return registerPatient(command, state);
      case 'GrantConsent':
        return grantConsent(command, state);
      default: {
        const _exhaustive: never = command;
        return _exhaustive;
      }
    }
  },
  evolve(state, event) {
    switch (event.type) {
      case 'PatientRegistered':
        return { ...state, registered: true };
      case 'ConsentGranted':
        return { ...state, consents: [...state.consents, consentKey(event.data.purpose, event.data.projectId)] };
      default: {
        const _exhaustive: never = event;
        return _exhaustive;
      }
    }
  },
};
