import { foldEvents } from '@hub/event-store';
import { DomainError } from '@hub/service-kit/errors';
import { patientDecider, type PatientCommand } from './patient.decider';
import type { PatientEvent } from './patient.events';

const patientId = '7b0d3c9e-0d7e-4f7a-9d57-3f0f3c8f5e11';
const at = '2026-11-01T10:00:00.000Z';
const registered: PatientEvent = { type: 'PatientRegistered', data: { patientId, cpr: '010190-1234', birthDate: '1990-01-01', registeredAt: at } };

function when(given: PatientEvent[], command: PatientCommand): PatientEvent[] {
  return patientDecider.decide(command, foldEvents(patientDecider, given));
}

describe('patient decider', () => {
  it('registers a patient with a normalised CPR number', () => {
    expect(when([], { type: 'RegisterPatient', patientId, cpr: '0101901234', at })).toEqual([registered]);
  });

  it('records the birth date the CPR number encodes, century from the serial digit', () => {
    const [event] = when([], { type: 'RegisterPatient', patientId, cpr: '291200-4123', at });
    expect(event).toEqual({ type: 'PatientRegistered', data: { patientId, cpr: '291200-4123', birthDate: '2000-12-29', registeredAt: at } });
  });

  it('registering twice has no second effect', () => {
    expect(when([registered], { type: 'RegisterPatient', patientId, cpr: '010190-1234', at })).toEqual([]);
  });

  it('rejects an invalid CPR number with the problem named', () => {
    expect(() => when([], { type: 'RegisterPatient', patientId, cpr: '310290-1234', at })).toThrow(DomainError);
  });

  it('grants treatment consent once', () => {
    const granted = when([registered], { type: 'GrantConsent', patientId, purpose: 'treatment', at });
    expect(granted).toEqual([{ type: 'ConsentGranted', data: { patientId, purpose: 'treatment', grantedAt: at } }]);
    expect(when([registered, ...granted], { type: 'GrantConsent', patientId, purpose: 'treatment', at })).toEqual([]);
  });

  it('refuses consent for an unknown patient', () => {
    expect(() => when([], { type: 'GrantConsent', patientId, purpose: 'treatment', at })).toThrow(/not registered/);
  });

  const project = { consentTextVersions: ['1.0', '2.0'] };

  it('research consent needs a project; other purposes must not name one', () => {
    expect(() => when([registered], { type: 'GrantConsent', patientId, purpose: 'research', at })).toThrow(/project/);
    expect(() => when([registered], { type: 'GrantConsent', patientId, purpose: 'quality', projectId: 'p1', at })).toThrow(/only research/);
  });

  it('research consent is per known project and records the consent text version', () => {
    const granted = when([registered], { type: 'GrantConsent', patientId, purpose: 'research', projectId: 'knee', textVersion: '2.0', project, at });
    expect(granted).toEqual([{ type: 'ConsentGranted', data: { patientId, purpose: 'research', projectId: 'knee', textVersion: '2.0', grantedAt: at } }]);
    expect(() => when([registered], { type: 'GrantConsent', patientId, purpose: 'research', projectId: 'nope', textVersion: '1.0', at })).toThrow(/not known/);
    expect(() => when([registered], { type: 'GrantConsent', patientId, purpose: 'research', projectId: 'knee', textVersion: '9', project, at })).toThrow(/no consent text version 9/);
    expect(() => when([registered], { type: 'GrantConsent', patientId, purpose: 'research', projectId: 'knee', project, at })).toThrow(/text version/);
  });

  it('records no quality consent: quality reporting is mandated', () => {
    expect(() => when([registered], { type: 'GrantConsent', patientId, purpose: 'quality', at })).toThrow(/mandated/);
  });

  it('withdraws an active consent once; a second withdrawal is refused', () => {
    const granted = when([registered], { type: 'GrantConsent', patientId, purpose: 'research', projectId: 'knee', textVersion: '1.0', project, at });
    const withdrawn = when([registered, ...granted], { type: 'WithdrawConsent', patientId, purpose: 'research', projectId: 'knee', at });
    expect(withdrawn).toEqual([{ type: 'ConsentWithdrawn', data: { patientId, purpose: 'research', projectId: 'knee', withdrawnAt: at } }]);
    expect(() => when([registered, ...granted, ...withdrawn], { type: 'WithdrawConsent', patientId, purpose: 'research', projectId: 'knee', at })).toThrow(/no active research:knee/);
    // Consent may be given again after a withdrawal.
    expect(when([registered, ...granted, ...withdrawn], { type: 'GrantConsent', patientId, purpose: 'research', projectId: 'knee', textVersion: '2.0', project, at })).toHaveLength(1);
  });

  describe('erasure', () => {
    const erase: PatientCommand = { type: 'ErasePatient', patientId, reason: 'patient-request', at };
    const erased: PatientEvent = { type: 'PatientErased', data: { patientId, reason: 'patient-request', erasedAt: at } };

    it('erases a registered patient once; a second erasure decides nothing', () => {
      expect(when([registered], erase)).toEqual([erased]);
      expect(when([registered, erased], erase)).toEqual([]);
    });

    it('an unknown patient cannot be erased', () => {
      expect(() => when([], erase)).toThrow(expect.objectContaining({ code: 'not-found' }));
    });

    it('an erased patient is unknown to consent commands', () => {
      expect(() => when([registered, erased], { type: 'GrantConsent', patientId, purpose: 'treatment', at })).toThrow(/was erased/);
      expect(foldEvents(patientDecider, [registered, { type: 'ConsentGranted', data: { patientId, purpose: 'treatment', grantedAt: at } }, erased]).consents).toEqual([]);
    });
  });
});
