import type { AccessPurpose, DataKind, Role } from '@hub/contracts';
import { emptyAccessState, type Block, type PatientAccessState } from './access-state';
import { decideAccess, decideUnitRecordRead, type Actor, type Decision } from './decide-access';

const PATIENT = 'a3f1c0de-0000-4000-8000-000000000001';
const OTHER_PATIENT = 'a3f1c0de-0000-4000-8000-000000000002';
const HOSPITAL = '100000000000001';
const MUNICIPALITY = '200000000000002';
const GP = '300000000000003';
const OTHER_MUNICIPALITY = '200000000000009';
const NOW = '2026-06-15T12:00:00.000Z';

const actor = (role: Role, orgSor = HOSPITAL, extra: Partial<Actor> = {}): Actor => ({ subject: `${role}-1`, role, orgSor, ...extra });
const doctor = actor('clinician', HOSPITAL);
const rehab = actor('clinician', MUNICIPALITY, { subject: 'therapist-7' });
const gp = actor('clinician', GP);

const rel = (unitSor: string, sector: 'hospital' | 'municipality' | 'general-practice', validFrom = '2026-01-01T00:00:00Z', validTo?: string) => ({
  relationshipId: `rel-${unitSor}`,
  unitSor,
  sector,
  pathway: 'knee-replacement',
  validFrom,
  validTo,
});
const block = (target: Block['target'], extra: Partial<Block> = {}): Block => ({ blockId: `block-${target.value}`, target, validFrom: '2026-03-01T00:00:00Z', ...extra });
const override = (unitSor: string, reason: 'patient-consent' | 'vital-interest', extra: Partial<{ professional: string; validFrom: string; validTo: string }> = {}) => ({
  overrideId: `ovr-${unitSor}`,
  unitSor,
  reason,
  validFrom: '2026-06-15T11:00:00Z',
  validTo: '2026-06-15T13:00:00Z',
  ...extra,
});
const research = (projectId: string, grantedAt = '2026-02-01T00:00:00Z', withdrawnAt?: string) => ({ purpose: 'research' as const, projectId, textVersion: '2.1', grantedAt, withdrawnAt });

const care: PatientAccessState = { ...emptyAccessState(), careRelationships: [rel(HOSPITAL, 'hospital'), rel(MUNICIPALITY, 'municipality')] };
const withBlocks = (...blocks: Block[]): PatientAccessState => ({ ...care, blocks });

interface Case {
  name: string;
  state: PatientAccessState;
  who: Actor;
  purpose?: AccessPurpose;
  kind?: DataKind;
  dataRecordedAt?: string;
  at?: string;
  patientId?: string;
  expect: Pick<Decision, 'effect' | 'reason'> & { obligations?: Decision['obligations']; overridden?: boolean };
}

const cases: Case[] = [
  // Sectors and care relationships
  { name: 'hospital unit with an active relationship', state: care, who: doctor, expect: { effect: 'permit', reason: 'care-relationship', obligations: ['log-access'], overridden: false } },
  { name: 'municipality rehabilitation unit with an active relationship', state: care, who: rehab, expect: { effect: 'permit', reason: 'care-relationship' } },
  { name: 'GP without a relationship', state: care, who: gp, expect: { effect: 'deny', reason: 'no-care-relationship' } },
  { name: 'another municipality (same sector, no relationship)', state: care, who: actor('clinician', OTHER_MUNICIPALITY), expect: { effect: 'deny', reason: 'no-care-relationship' } },
  { name: 'no relationships at all', state: emptyAccessState(), who: doctor, expect: { effect: 'deny', reason: 'no-care-relationship' } },
  { name: 'GP with a relationship', state: { ...care, careRelationships: [rel(GP, 'general-practice')] }, who: gp, expect: { effect: 'permit', reason: 'care-relationship' } },
  // Time windows of relationships
  { name: 'relationship ended before the access', state: { ...care, careRelationships: [rel(MUNICIPALITY, 'municipality', '2026-01-01T00:00:00Z', '2026-06-01T00:00:00Z')] }, who: rehab, expect: { effect: 'deny', reason: 'no-care-relationship' } },
  { name: 'relationship not yet started', state: { ...care, careRelationships: [rel(MUNICIPALITY, 'municipality', '2026-07-01T00:00:00Z')] }, who: rehab, expect: { effect: 'deny', reason: 'no-care-relationship' } },
  { name: 'relationship starting exactly at the access (start is inclusive)', state: { ...care, careRelationships: [rel(MUNICIPALITY, 'municipality', NOW)] }, who: rehab, expect: { effect: 'permit', reason: 'care-relationship' } },
  { name: 'relationship ending exactly at the access (end is exclusive)', state: { ...care, careRelationships: [rel(MUNICIPALITY, 'municipality', '2026-01-01T00:00:00Z', NOW)] }, who: rehab, expect: { effect: 'deny', reason: 'no-care-relationship' } },
  { name: 'relationship with an end in the future', state: { ...care, careRelationships: [rel(MUNICIPALITY, 'municipality', '2026-01-01T00:00:00Z', '2026-12-31T00:00:00Z')] }, who: rehab, expect: { effect: 'permit', reason: 'care-relationship' } },
  { name: 'relationship compared as instants, not strings (offset +02:00)', state: { ...care, careRelationships: [rel(MUNICIPALITY, 'municipality', '2026-06-15T13:30:00+02:00')] }, who: rehab, expect: { effect: 'permit', reason: 'care-relationship' } },
  // Blocks
  { name: 'unit blocked', state: withBlocks(block({ kind: 'unit', value: MUNICIPALITY })), who: rehab, expect: { effect: 'deny', reason: 'blocked', obligations: ['log-access'] } },
  { name: 'a block on another unit does not affect this one', state: withBlocks(block({ kind: 'unit', value: MUNICIPALITY })), who: doctor, expect: { effect: 'permit', reason: 'care-relationship' } },
  { name: 'sector blocked (municipality)', state: withBlocks(block({ kind: 'sector', value: 'municipality' })), who: rehab, expect: { effect: 'deny', reason: 'blocked' } },
  { name: 'sector block does not reach the hospital', state: withBlocks(block({ kind: 'sector', value: 'municipality' })), who: doctor, expect: { effect: 'permit', reason: 'care-relationship' } },
  { name: 'professional blocked', state: withBlocks(block({ kind: 'professional', value: 'therapist-7' })), who: rehab, expect: { effect: 'deny', reason: 'blocked' } },
  { name: 'a colleague of a blocked professional in the same unit', state: withBlocks(block({ kind: 'professional', value: 'therapist-7' })), who: { ...rehab, subject: 'therapist-8' }, expect: { effect: 'permit', reason: 'care-relationship' } },
  { name: 'block expired', state: withBlocks(block({ kind: 'unit', value: MUNICIPALITY }, { validTo: '2026-06-01T00:00:00Z' })), who: rehab, expect: { effect: 'permit', reason: 'care-relationship' } },
  { name: 'block not yet valid', state: withBlocks(block({ kind: 'unit', value: MUNICIPALITY }, { validFrom: '2026-07-01T00:00:00Z' })), who: rehab, expect: { effect: 'permit', reason: 'care-relationship' } },
  { name: 'block lifted before the access', state: withBlocks(block({ kind: 'unit', value: MUNICIPALITY }, { liftedAt: '2026-06-10T00:00:00Z' })), who: rehab, expect: { effect: 'permit', reason: 'care-relationship' } },
  { name: 'block lifted after the access', state: withBlocks(block({ kind: 'unit', value: MUNICIPALITY }, { liftedAt: '2026-06-20T00:00:00Z' })), who: rehab, expect: { effect: 'deny', reason: 'blocked' } },
  { name: 'block with a data period covering the data', state: withBlocks(block({ kind: 'unit', value: MUNICIPALITY }, { dataFrom: '2026-04-01T00:00:00Z', dataTo: '2026-05-01T00:00:00Z' })), who: rehab, dataRecordedAt: '2026-04-10T00:00:00Z', expect: { effect: 'deny', reason: 'blocked' } },
  { name: 'block with a data period not covering the data', state: withBlocks(block({ kind: 'unit', value: MUNICIPALITY }, { dataFrom: '2026-04-01T00:00:00Z', dataTo: '2026-05-01T00:00:00Z' })), who: rehab, dataRecordedAt: '2026-05-10T00:00:00Z', expect: { effect: 'permit', reason: 'care-relationship' } },
  { name: 'block with a data period, data of unknown date (fails closed)', state: withBlocks(block({ kind: 'unit', value: MUNICIPALITY }, { dataFrom: '2026-04-01T00:00:00Z' })), who: rehab, expect: { effect: 'deny', reason: 'blocked' } },
  { name: 'blocked unit without a relationship is denied for the relationship first', state: { ...emptyAccessState(), blocks: [block({ kind: 'unit', value: GP })] }, who: gp, expect: { effect: 'deny', reason: 'no-care-relationship' } },
  // Overrides
  { name: 'override with the patient’s consent: permitted and flagged', state: { ...withBlocks(block({ kind: 'unit', value: MUNICIPALITY })), overrides: [override(MUNICIPALITY, 'patient-consent')] }, who: rehab, expect: { effect: 'permit', reason: 'override-patient-consent', obligations: ['log-access', 'flag-override'], overridden: true } },
  { name: 'override for vital interest: permitted and flagged', state: { ...withBlocks(block({ kind: 'sector', value: 'municipality' })), overrides: [override(MUNICIPALITY, 'vital-interest')] }, who: rehab, expect: { effect: 'permit', reason: 'override-vital-interest', overridden: true } },
  { name: 'override expired', state: { ...withBlocks(block({ kind: 'unit', value: MUNICIPALITY })), overrides: [override(MUNICIPALITY, 'vital-interest', { validTo: '2026-06-15T11:30:00Z' })] }, who: rehab, expect: { effect: 'deny', reason: 'blocked' } },
  { name: 'override by another unit does not help', state: { ...withBlocks(block({ kind: 'unit', value: MUNICIPALITY })), overrides: [override(HOSPITAL, 'vital-interest')] }, who: rehab, expect: { effect: 'deny', reason: 'blocked' } },
  { name: 'override for a named professional only', state: { ...withBlocks(block({ kind: 'unit', value: MUNICIPALITY })), overrides: [override(MUNICIPALITY, 'vital-interest', { professional: 'therapist-8' })] }, who: rehab, expect: { effect: 'deny', reason: 'blocked' } },
  { name: 'override without a block is not flagged', state: { ...care, overrides: [override(MUNICIPALITY, 'vital-interest')] }, who: rehab, expect: { effect: 'permit', reason: 'care-relationship', overridden: false } },
  { name: 'override does not create a care relationship', state: { ...emptyAccessState(), overrides: [override(GP, 'vital-interest')] }, who: gp, expect: { effect: 'deny', reason: 'no-care-relationship' } },
  // Patients
  { name: 'patient reads own data', state: emptyAccessState(), who: actor('patient', HOSPITAL, { patientId: PATIENT }), expect: { effect: 'permit', reason: 'own-data' } },
  { name: 'patient reads another patient’s data', state: emptyAccessState(), who: actor('patient', HOSPITAL, { patientId: OTHER_PATIENT }), expect: { effect: 'deny', reason: 'not-own-data' } },
  { name: 'patient reads own access log', state: emptyAccessState(), who: actor('patient', HOSPITAL, { patientId: PATIENT }), kind: 'access-log', expect: { effect: 'permit', reason: 'own-data' } },
  // Quality
  { name: 'quality database, quality purpose: mandated, pseudonymised only', state: emptyAccessState(), who: actor('quality-database'), purpose: 'quality', expect: { effect: 'permit', reason: 'quality-mandate', obligations: ['log-access', 'pseudonymise'] } },
  { name: 'quality database asking for treatment data', state: care, who: actor('quality-database', HOSPITAL), purpose: 'treatment', expect: { effect: 'deny', reason: 'purpose-not-allowed-for-role' } },
  { name: 'clinician asking for the quality purpose', state: care, who: doctor, purpose: 'quality', expect: { effect: 'deny', reason: 'purpose-not-allowed-for-role' } },
  // Research
  { name: 'researcher with consent for the project', state: { ...emptyAccessState(), consents: [research('knee-2026')] }, who: actor('researcher', HOSPITAL, { projectId: 'knee-2026' }), purpose: 'research', expect: { effect: 'permit', reason: 'research-consent', obligations: ['log-access', 'pseudonymise'] } },
  { name: 'researcher, consent given to another project only', state: { ...emptyAccessState(), consents: [research('hip-2025')] }, who: actor('researcher', HOSPITAL, { projectId: 'knee-2026' }), purpose: 'research', expect: { effect: 'deny', reason: 'no-research-consent' } },
  { name: 'researcher, consent withdrawn', state: { ...emptyAccessState(), consents: [research('knee-2026', '2026-02-01T00:00:00Z', '2026-05-01T00:00:00Z')] }, who: actor('researcher', HOSPITAL, { projectId: 'knee-2026' }), purpose: 'research', expect: { effect: 'deny', reason: 'research-consent-withdrawn' } },
  { name: 'researcher, before the withdrawal took effect', state: { ...emptyAccessState(), consents: [research('knee-2026', '2026-02-01T00:00:00Z', '2026-05-01T00:00:00Z')] }, who: actor('researcher', HOSPITAL, { projectId: 'knee-2026' }), purpose: 'research', at: '2026-04-01T00:00:00Z', expect: { effect: 'permit', reason: 'research-consent' } },
  { name: 'researcher, re-consented after a withdrawal', state: { ...emptyAccessState(), consents: [research('knee-2026', '2026-02-01T00:00:00Z', '2026-03-01T00:00:00Z'), research('knee-2026', '2026-04-01T00:00:00Z')] }, who: actor('researcher', HOSPITAL, { projectId: 'knee-2026' }), purpose: 'research', expect: { effect: 'permit', reason: 'research-consent' } },
  { name: 'researcher, consent granted only after the access', state: { ...emptyAccessState(), consents: [research('knee-2026', '2026-07-01T00:00:00Z')] }, who: actor('researcher', HOSPITAL, { projectId: 'knee-2026' }), purpose: 'research', expect: { effect: 'deny', reason: 'no-research-consent' } },
  { name: 'researcher token without a project', state: { ...emptyAccessState(), consents: [research('knee-2026')] }, who: actor('researcher'), purpose: 'research', expect: { effect: 'deny', reason: 'no-research-project' } },
  { name: 'researcher asking for treatment data', state: care, who: actor('researcher', HOSPITAL, { projectId: 'knee-2026' }), purpose: 'treatment', expect: { effect: 'deny', reason: 'purpose-not-allowed-for-role' } },
  // Auditors and administrators
  { name: 'auditor reads the access log', state: emptyAccessState(), who: actor('auditor'), purpose: 'audit', kind: 'access-log', expect: { effect: 'permit', reason: 'audit' } },
  { name: 'auditor reads responses', state: care, who: actor('auditor'), purpose: 'audit', expect: { effect: 'deny', reason: 'audit-reads-access-log-only' } },
  { name: 'auditor asking for treatment', state: care, who: actor('auditor', HOSPITAL), purpose: 'treatment', expect: { effect: 'deny', reason: 'purpose-not-allowed-for-role' } },
  { name: 'administrator never reads patient data, even with a relationship', state: care, who: actor('administrator', HOSPITAL), expect: { effect: 'deny', reason: 'purpose-not-allowed-for-role' } },
];

describe('decideAccess: the decision table', () => {
  it('has at least 30 cases', () => expect(cases.length).toBeGreaterThanOrEqual(30));

  it.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const decision = decideAccess(c.state, {
      actor: c.who,
      patientId: c.patientId ?? PATIENT,
      purpose: c.purpose ?? 'treatment',
      data: { kind: c.kind ?? 'questionnaire-response', recordedAt: c.dataRecordedAt },
      at: c.at ?? NOW,
    });
    expect(decision).toMatchObject(c.expect);
  });

  it('names the relationship, block and override a flagged permit rests on', () => {
    const state = { ...withBlocks(block({ kind: 'unit', value: MUNICIPALITY })), overrides: [override(MUNICIPALITY, 'vital-interest')] };
    const decision = decideAccess(state, { actor: rehab, patientId: PATIENT, purpose: 'treatment', data: { kind: 'questionnaire-response' }, at: NOW });
    expect(decision.basis).toEqual({ relationshipId: `rel-${MUNICIPALITY}`, blockId: `block-${MUNICIPALITY}`, overrideId: `ovr-${MUNICIPALITY}` });
  });
});

describe('erasure: from the erasure on, nobody but an auditor is let in', () => {
  const erasedAt = '2026-06-15T10:00:00Z';
  const erased: PatientAccessState = { ...care, consents: [research('knee-2026')], erasedAt };
  const decide = (who: Actor, purpose: AccessPurpose, at = NOW) => decideAccess(erased, { actor: who, patientId: PATIENT, purpose, data: { kind: 'questionnaire-response' }, at });

  it.each<[string, Actor, AccessPurpose]>([
    ['the hospital in care', doctor, 'treatment'],
    ['the patient themself', actor('patient', HOSPITAL, { patientId: PATIENT }), 'treatment'],
    ['a consented research project', actor('researcher', HOSPITAL, { projectId: 'knee-2026' }), 'research'],
    ['a quality database', actor('quality-database', HOSPITAL), 'quality'],
  ])('%s is denied, logged', (_who, who, purpose) => {
    expect(decide(who, purpose)).toEqual({ effect: 'deny', reason: 'patient-erased', obligations: ['log-access'], overridden: false, basis: {} });
  });

  it('before the erasure the same state still permits the hospital in care (decisions at an earlier instant)', () => {
    expect(decide(doctor, 'treatment', '2026-06-15T09:59:59Z')).toMatchObject({ effect: 'permit', reason: 'care-relationship' });
  });

  it('an auditor still reads the access log', () => {
    expect(decideAccess(erased, { actor: actor('auditor'), patientId: PATIENT, purpose: 'audit', data: { kind: 'access-log' }, at: NOW })).toMatchObject({ effect: 'permit', reason: 'audit' });
  });
});

describe('decideUnitRecordRead: a unit\'s orders and dispatches', () => {
  const of = (role: Actor['role'], orgSor: string): Actor => ({ subject: `${role}-1`, role, orgSor });
  it('lets the ordering unit\'s clinicians and administrators read, nobody else, and every decision is to be logged', () => {
    const cases: [Actor, Decision['effect'], Decision['reason']][] = [
      [of('clinician', 'unit-a'), 'permit', 'ordering-unit'],
      [of('administrator', 'region'), 'permit', 'register-administration'],
      [of('clinician', 'unit-b'), 'deny', 'not-ordering-unit'],
      [of('patient', 'unit-a'), 'deny', 'purpose-not-allowed-for-role'],
      [of('researcher', 'unit-a'), 'deny', 'purpose-not-allowed-for-role'],
    ];
    for (const [actor, effect, reason] of cases) {
      expect(decideUnitRecordRead(actor, 'unit-a')).toMatchObject({ effect, reason, obligations: ['log-access'] });
    }
  });
});

