import fc from 'fast-check';
import { assertValidEvent, contractOf, type ReidentificationIdentitiesRead } from '@hub/contracts';
import { findCprLike } from '@hub/messaging';
import { REIDENTIFICATION_REASON, toIdentityAccessDecisions } from './identity-access';

const requestId = 'a0000000-0000-4000-8000-000000000001';
const PATIENT_A = 'c0000000-0000-4000-8000-00000000000a';
const PATIENT_B = 'c0000000-0000-4000-8000-00000000000b';
const P1 = 'ABCDEFGHIJKLMNOP5';
const P2 = 'QRSTUVWXYZ234567A';
const reader = { subject: 'doctor-2', role: 'clinician' as const, orgSor: '100000000000001' };
const read: ReidentificationIdentitiesRead = {
  requestId,
  reader,
  identities: [
    { pseudonym: P1, patientId: PATIENT_A },
    { pseudonym: P2, patientId: PATIENT_B },
  ],
  notFound: ['ZZZZZZZZZZZZZZZZ9'],
  readAt: '2026-11-01T13:00:00.000Z',
};
const counter = () => {
  let n = 0;
  return () => `e0000000-0000-4000-8000-${String(++n).padStart(12, '0')}`;
};

describe('re-identification in the patient’s access log', () => {
  it('logs one permitted identity read per released patient: the reader, their unit, purpose quality, the request as basis', () => {
    expect(toIdentityAccessDecisions(read, counter())).toEqual([
      {
        accessId: 'e0000000-0000-4000-8000-000000000001',
        patientId: PATIENT_A,
        actor: reader,
        purpose: 'quality',
        resource: { kind: 'identity' },
        effect: 'permit',
        reason: REIDENTIFICATION_REASON,
        basis: { kind: 'reidentification-request', id: requestId },
        obligations: ['log-access'],
        overridden: false,
        internalOnly: false,
        decidedAt: read.readAt,
      },
      expect.objectContaining({ accessId: 'e0000000-0000-4000-8000-000000000002', patientId: PATIENT_B }),
    ]);
  });

  it('logs nothing for pseudonyms that named no patient, and nothing when none did', () => {
    expect(toIdentityAccessDecisions({ ...read, identities: [] }, counter())).toEqual([]);
  });

  it('every entry is a valid AccessDecided of the current version, patient-visible, and never holds a pseudonym or a CPR number', () => {
    const entries = toIdentityAccessDecisions(read, counter());
    for (const entry of entries) {
      expect(() => assertValidEvent('AccessDecided', contractOf('AccessDecided').schemaVersion, entry)).not.toThrow();
      expect(entry.internalOnly).toBe(false);
      const text = JSON.stringify(entry);
      expect(text).not.toContain(P1);
      expect(text).not.toContain(P2);
      expect(findCprLike(entry)).toBeUndefined();
    }
  });

  it('any read gives exactly one entry per distinct released patient, each with its own id', () => {
    const identity = fc.record({ pseudonym: fc.constantFrom(P1, P2, 'AAAAAAAAAAAAAAAA0'), patientId: fc.constantFrom(PATIENT_A, PATIENT_B, 'c0000000-0000-4000-8000-00000000000c') });
    fc.assert(
      fc.property(fc.array(identity, { maxLength: 6 }), (identities) => {
        const entries = toIdentityAccessDecisions({ ...read, identities }, counter());
        expect(entries.map((e) => e.patientId).sort()).toEqual([...new Set(identities.map((i) => i.patientId))].sort());
        expect(new Set(entries.map((e) => e.accessId)).size).toBe(entries.length);
      }),
    );
  });
});
