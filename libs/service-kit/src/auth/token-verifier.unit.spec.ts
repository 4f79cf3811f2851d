import { actorFromClaims } from './token-verifier';

describe('hub token claims', () => {
  const patient = '7b0d3c9e-0d7e-4f7a-9d57-3f0f3c8f5e11';

  it('maps a patient token to an actor acting for that patient', () => {
    expect(actorFromClaims({ sub: 'p-1', role: 'patient', org: '123456789', patient: patient.toUpperCase() })).toEqual({ subject: 'p-1', role: 'patient', orgSor: '123456789', patientId: patient });
  });

  it('carries a researcher’s project', () => {
    expect(actorFromClaims({ sub: 'r-1', role: 'researcher', org: '123456789', project: 'knee-2026' })).toMatchObject({ projectId: 'knee-2026' });
  });

  it('refuses unknown roles, bad SOR codes, patient tokens without a patient and CPR numbers as subject, naming each', () => {
    expect(() => actorFromClaims({ sub: '010190-1234', role: 'patient', org: 'x' })).toThrow(
      /sub must not be a CPR number.*org must be a SOR code.*a patient token names the patient/,
    );
    expect(() => actorFromClaims({ sub: 'a', role: 'superuser', org: '123456789' })).toThrow(/role must be one of/);
  });
});
