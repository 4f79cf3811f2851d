import { accessStateAsOf, type AccessStateEvent } from './access-state';
import { decideAccess, type Actor } from './decide-access';
import { overlaps, periodProblems } from './periods';

const patientId = 'a3f1c0de-0000-4000-8000-000000000001';
const MUNICIPALITY = '200000000000002';
const rehab: Actor = { subject: 'therapist-7', role: 'clinician', orgSor: MUNICIPALITY };
const ask = (events: AccessStateEvent[], at: string) =>
  decideAccess(accessStateAsOf(events, at), { actor: rehab, patientId, purpose: 'treatment', data: { kind: 'questionnaire-response' }, at });

const history: AccessStateEvent[] = [
  { type: 'CareRelationshipStarted', data: { relationshipId: 'c0000000-0000-4000-8000-000000000001', patientId, unitSor: MUNICIPALITY, sector: 'municipality', pathway: 'rehab', validFrom: '2026-01-01T00:00:00Z', recordedAt: '2026-01-01T00:00:00Z' } },
  { type: 'AccessBlocked', data: { blockId: 'b0000000-0000-4000-8000-000000000001', patientId, target: { kind: 'unit', value: MUNICIPALITY }, validFrom: '2026-02-01T00:00:00Z', recordedAt: '2026-02-01T00:00:00Z' } },
  { type: 'BlockLifted', data: { blockId: 'b0000000-0000-4000-8000-000000000001', patientId, liftedAt: '2026-03-01T00:00:00Z' } },
  { type: 'CareRelationshipEnded', data: { relationshipId: 'c0000000-0000-4000-8000-000000000001', patientId, unitSor: MUNICIPALITY, validTo: '2026-04-01T00:00:00Z', recordedAt: '2026-04-01T00:00:00Z' } },
];

describe('as-of decisions from the events', () => {
  it('answers what the decision was at each instant, whatever happened later', () => {
    expect(ask(history, '2026-01-15T00:00:00Z')).toMatchObject({ effect: 'permit', reason: 'care-relationship' });
    expect(ask(history, '2026-02-15T00:00:00Z')).toMatchObject({ effect: 'deny', reason: 'blocked' });
    expect(ask(history, '2026-03-15T00:00:00Z')).toMatchObject({ effect: 'permit', reason: 'care-relationship' });
    expect(ask(history, '2026-04-15T00:00:00Z')).toMatchObject({ effect: 'deny', reason: 'no-care-relationship' });
  });

  it('a block recorded later but backdated does not rewrite earlier decisions', () => {
    const backdated: AccessStateEvent = {
      type: 'AccessBlocked',
      data: { blockId: 'b0000000-0000-4000-8000-000000000002', patientId, target: { kind: 'sector', value: 'municipality' }, validFrom: '2026-01-01T00:00:00Z', recordedAt: '2026-01-20T00:00:00Z' },
    };
    const events = [history[0], backdated];
    expect(ask(events, '2026-01-10T00:00:00Z')).toMatchObject({ effect: 'permit' });
    expect(ask(events, '2026-01-25T00:00:00Z')).toMatchObject({ effect: 'deny', reason: 'blocked' });
  });

  it('a withdrawn consent is gone for later instants only', () => {
    const events: AccessStateEvent[] = [
      { type: 'ConsentGranted', data: { patientId, purpose: 'research', projectId: 'knee', textVersion: '1', grantedAt: '2026-01-01T00:00:00Z' } },
      { type: 'ConsentWithdrawn', data: { patientId, purpose: 'research', projectId: 'knee', withdrawnAt: '2026-02-01T00:00:00Z' } },
    ];
    const researcher: Actor = { subject: 'r', role: 'researcher', orgSor: MUNICIPALITY, projectId: 'knee' };
    const at = (t: string) => decideAccess(accessStateAsOf(events, t), { actor: researcher, patientId, purpose: 'research', data: { kind: 'questionnaire-response' }, at: t });
    expect(at('2026-01-15T00:00:00Z')).toMatchObject({ effect: 'permit' });
    expect(at('2026-02-15T00:00:00Z')).toMatchObject({ effect: 'deny', reason: 'research-consent-withdrawn' });
  });
});

describe('periods', () => {
  it('reports reversed, empty and unparseable periods', () => {
    expect(periodProblems({ from: '2026-02-01T00:00:00Z', to: '2026-01-01T00:00:00Z' }, 'p')[0].message).toMatch(/reversed/);
    expect(periodProblems({ from: '2026-02-01T00:00:00Z', to: '2026-02-01T00:00:00Z' }, 'p')).toHaveLength(1);
    expect(periodProblems({ from: 'yesterday' }, 'p')).toEqual([{ location: 'p.from', message: 'must be an ISO-8601 date-time' }]);
    expect(periodProblems({ from: '2026-01-01T00:00:00Z' }, 'p')).toEqual([]);
  });

  it('half-open periods that touch do not overlap; open-ended ones do', () => {
    expect(overlaps({ from: '2026-01-01T00:00:00Z', to: '2026-02-01T00:00:00Z' }, { from: '2026-02-01T00:00:00Z' })).toBe(false);
    expect(overlaps({ from: '2026-01-01T00:00:00Z' }, { from: '2027-01-01T00:00:00Z' })).toBe(true);
  });
});

describe('erasure in the event history', () => {
  const erasure: AccessStateEvent = { type: 'PatientErased', data: { patientId, reason: 'patient-request', erasedAt: '2026-01-20T00:00:00Z' } };
  it('denies from the erasure on, and as of an earlier instant the decision stands as it was', () => {
    const events = [history[0], erasure];
    expect(ask(events, '2026-01-15T00:00:00Z')).toMatchObject({ effect: 'permit', reason: 'care-relationship' });
    expect(ask(events, '2026-01-25T00:00:00Z')).toMatchObject({ effect: 'deny', reason: 'patient-erased' });
    expect(accessStateAsOf(events).erasedAt).toBe('2026-01-20T00:00:00Z');
  });
});
