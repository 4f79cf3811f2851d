import type { ErasureReason, Purpose } from '@hub/contracts';
import type { Decider } from '@hub/event-store';
import { DomainError, illegalState, validationError, type Problem } from '@hub/service-kit/errors';
import { cprProblems, parseCpr } from './cpr';
import type { PatientEvent } from './patient.events';

export type PatientCommand =
  | { type: 'RegisterPatient'; patientId: string; cpr: string; at: string }
  | GrantConsent
  | { type: 'WithdrawConsent'; patientId: string; purpose: Purpose; projectId?: string; at: string }
  | { type: 'ErasePatient'; patientId: string; reason: ErasureReason; at: string };

/** `project` is looked up by the handler: the research project's consent text versions, absent when unknown. */
export interface GrantConsent {
  type: 'GrantConsent';
  patientId: string;
  purpose: Purpose;
  projectId?: string;
  textVersion?: string;
  project?: { consentTextVersions: string[] };
  at: string;
}

export interface PatientState {
  registered: boolean;
  /** Erased patients are unknown to every command: nobody can tell who they were any more. */
  erased: boolean;
  /** Purposes (research per project, as `research:<project>`) with an active consent. */
  consents: string[];
}

const consentKey = (purpose: Purpose, projectId?: string) => (purpose === 'research' ? `research:${projectId}` : purpose);

function registerPatient(command: Extract<PatientCommand, { type: 'RegisterPatient' }>, state: PatientState): PatientEvent[] {
  if (state.registered) return [];
  const problems = cprProblems(command.cpr);
  if (problems.length > 0) throw validationError('invalid CPR number', problems.map((message) => ({ location: 'cpr', message })));
  // The birth date travels beside the envelope so the quality door can band ages without ever seeing the CPR.
  const { normalised: cpr, birthDate } = parseCpr(command.cpr)!;
  return [{ type: 'PatientRegistered', data: { patientId: command.patientId, cpr, birthDate, registeredAt: command.at } }];
}

/** Research consent is explicit, per known project, and records which version of the consent text was agreed to. */
function researchProblems(command: GrantConsent): Problem[] {
  if (!command.projectId) return [{ location: 'projectId', message: 'research consent names a project' }];
  if (!command.project) return [{ location: 'projectId', message: `research project ${command.projectId} is not known` }];
  if (!command.textVersion) return [{ location: 'textVersion', message: 'research consent names the consent text version agreed to' }];
  if (!command.project.consentTextVersions.includes(command.textVersion)) {
    return [{ location: 'textVersion', message: `project ${command.projectId} has no consent text version ${command.textVersion} (known: ${command.project.consentTextVersions.join(', ')})` }];
  }
  return [];
}

function assertActive(patientId: string, state: PatientState): void {
  if (!state.registered) throw new DomainError('not-found', `patient ${patientId} is not registered`);
  if (state.erased) throw new DomainError('not-found', `patient ${patientId} was erased`);
}

/** Idempotent: erasing an erased patient decides nothing (the keys are gone already). */
function erasePatient(command: Extract<PatientCommand, { type: 'ErasePatient' }>, state: PatientState): PatientEvent[] {
  if (!state.registered) throw new DomainError('not-found', `patient ${command.patientId} is not registered`);
  if (state.erased) return [];
  return [{ type: 'PatientErased', data: { patientId: command.patientId, reason: command.reason, erasedAt: command.at } }];
}

function grantConsent(command: GrantConsent, state: PatientState): PatientEvent[] {
  assertActive(command.patientId, state);
  if (command.purpose !== 'research' && command.projectId) throw illegalState('only research consent names a project');
  // Reporting to the clinical quality databases is mandated by law: there is no consent to record, and recording
  // one would suggest it could be withdrawn. The safeguard is that only pseudonymised data leaves.
  if (command.purpose === 'quality') throw illegalState('quality reporting is mandated by law and needs no consent; only pseudonymised data leaves');
  if (command.purpose === 'research') {
    const problems = researchProblems(command);
    if (problems.length > 0) throw new DomainError(command.projectId && !command.project ? 'not-found' : 'validation', `invalid research consent: ${problems[0].message}`, problems);
  }
  if (state.consents.includes(consentKey(command.purpose, command.projectId))) return [];
  const data = {
    patientId: command.patientId,
    purpose: command.purpose,
    grantedAt: command.at,
    ...(command.projectId ? { projectId: command.projectId } : {}),
    ...(command.purpose === 'research' ? { textVersion: command.textVersion } : {}),
  };
  return [{ type: 'ConsentGranted', data }];
}

function withdrawConsent(command: Extract<PatientCommand, { type: 'WithdrawConsent' }>, state: PatientState): PatientEvent[] {
  assertActive(command.patientId, state);
  const key = consentKey(command.purpose, command.projectId);
  // Withdrawing what is not (or no longer) given is refused rather than ignored: the caller's picture is wrong.
  if (!state.consents.includes(key)) throw illegalState(`patient ${command.patientId} has no active ${key} consent to withdraw`);
  const data = { patientId: command.patientId, purpose: command.purpose, withdrawnAt: command.at, ...(command.projectId ? { projectId: command.projectId } : {}) };
  return [{ type: 'ConsentWithdrawn', data }];
}

export const patientDecider: Decider<PatientCommand, PatientState, PatientEvent> = {
  initialState: () => ({ registered: false, erased: false, consents: [] }),
  decide(command, state) {
    switch (command.type) {
      case 'RegisterPatient':
        return registerPatient(command, state);
      case 'GrantConsent':
        return grantConsent(command, state);
      case 'WithdrawConsent':
        return withdrawConsent(command, state);
      case 'ErasePatient':
        return erasePatient(command, state);
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
      case 'PatientErased':
        return { ...state, erased: true, consents: [] };
      case 'ConsentGranted':
        return { ...state, consents: [...state.consents, consentKey(event.data.purpose, event.data.projectId)] };
      case 'ConsentWithdrawn':
        return { ...state, consents: state.consents.filter((c) => c !== consentKey(event.data.purpose, event.data.projectId)) };
      default: {
        const _exhaustive: never = event;
        return _exhaustive;
      }
    }
  },
};
