import { emptyAccessState } from '@hub/access-policy';
import { toConsentBundle } from './consent-fhir.export';
import { fromFhirConsent } from './consent-fhir.import';

const patientId = '7b0d3c9e-0d7e-4f7a-9d57-3f0f3c8f5e11';
const now = '2026-11-01T10:00:00.000Z';
const state = {
  ...emptyAccessState(),
  consents: [{ purpose: 'research' as const, projectId: 'knee-2026', textVersion: '1.0', grantedAt: '2026-10-01T00:00:00.000Z' }],
  blocks: [{ blockId: 'b0000000-0000-4000-8000-000000000001', target: { kind: 'unit' as const, value: '200000000000002' }, validFrom: '2026-10-05T00:00:00.000Z', dataFrom: '2026-01-01T00:00:00.000Z' }],
};

describe('FHIR R4 Consent exchange', () => {
  it('exports consents and blocks, and every exported resource imports back to the same action', () => {
    const bundle = toConsentBundle(patientId, state, now);
    expect(bundle).toMatchObject({ resourceType: 'Bundle', type: 'searchset', total: 2 });
    const actions = bundle.entry.map((e) => fromFhirConsent(e.resource).action);
    expect(actions).toEqual([
      { kind: 'grant-research', patientId, projectId: 'knee-2026', textVersion: '1.0' },
      { kind: 'block', patientId, target: { kind: 'unit', value: '200000000000002' }, validFrom: '2026-10-05T00:00:00.000Z', validTo: undefined, dataFrom: '2026-01-01T00:00:00.000Z', dataTo: undefined },
    ]);
  });

  it('an inactive research Consent is a withdrawal', () => {
    const [research] = toConsentBundle(patientId, state, now).entry;
    expect(fromFhirConsent({ ...research.resource, status: 'inactive' }).action).toEqual({ kind: 'withdraw-research', patientId, projectId: 'knee-2026' });
  });

  it('lists every issue of an unusable Consent and imports nothing', () => {
    const result = fromFhirConsent({ resourceType: 'Consent', status: 'active', patient: { reference: 'Patient/010190-1234' }, scope: { coding: [{ system: 'x', code: 'y' }] } });
    expect(result.action).toBeUndefined();
    expect(result.issues.map((i) => i.expression?.[0])).toEqual(['Consent.patient.reference', 'Consent.scope']);
    expect(fromFhirConsent({ resourceType: 'Patient' }).issues[0].code).toBe('structure');
  });
});
