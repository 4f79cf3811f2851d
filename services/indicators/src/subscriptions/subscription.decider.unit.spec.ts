import { foldEvents } from '@hub/event-store';
import { subscriptionDecider, type GrantSubscription, type SubscriptionEvent } from './subscription.decider';

const id = '6f1c2d3e-4a5b-4c6d-8e7f-9a0b1c2d3e4f';
const grant = (over: Partial<GrantSubscription> = {}): GrantSubscription => ({
  type: 'GrantSubscription',
  subscriptionId: id,
  subscriber: '555555',
  measures: ['phq9-improvement'],
  strata: { units: ['111111'], regions: ['R1'], sectors: [] },
  recordLevel: false,
  grantedBy: 'admin-1',
  grantedAt: '2026-11-25T10:00:00.000Z',
  knownMeasures: new Set(['phq9-improvement', 'baseline-answered']),
  knownStrata: new Set(['unit:111111', 'region:R1']),
  ...over,
});
const given = (...events: SubscriptionEvent[]) => foldEvents(subscriptionDecider, events);
const decide = (command: Parameters<typeof subscriptionDecider.decide>[0], events: SubscriptionEvent[] = []) => subscriptionDecider.decide(command, given(...events));

describe('subscription decider', () => {
  it('grants what is asked, without the lookups it was checked against', () => {
    expect(decide(grant())).toEqual([
      { type: 'IndicatorSubscriptionGranted', data: { subscriptionId: id, subscriber: '555555', measures: ['phq9-improvement'], strata: { units: ['111111'], regions: ['R1'], sectors: [] }, recordLevel: false, grantedBy: 'admin-1', grantedAt: '2026-11-25T10:00:00.000Z' } },
    ]);
  });

  it('refuses a grant with every problem listed', () => {
    const bad = grant({ measures: ['nope', 'phq9-improvement'], strata: { units: ['999999'], regions: [], sectors: ['hospital'] }, recordLevel: true });
    expect(() => decide(bad)).toThrow(expect.objectContaining({
      code: 'validation',
      problems: [
        { location: '/measures', message: 'unknown measure nope (known: phq9-improvement, baseline-answered)' },
        { location: '/strata', message: 'unknown unit 999999: no quality records from it have reached the indicators' },
        { location: '/strata', message: 'unknown sector hospital: no quality records from it have reached the indicators' },
        { location: '/mandate', message: 'record-level data needs the mandate (legal basis) it is given under' },
      ],
    }));
    expect(() => decide(grant({ strata: { units: [], regions: [], sectors: [] } }))).toThrow(expect.objectContaining({ problems: [{ location: '/strata', message: 'grant at least one unit, region or sector' }] }));
  });

  it('revokes once; a second revocation changes nothing; an unknown subscription is not found', () => {
    const [granted] = decide(grant());
    const revoke = { type: 'RevokeSubscription' as const, subscriptionId: id, revokedBy: 'admin-2', revokedAt: '2026-11-26T10:00:00.000Z' };
    const revoked = decide(revoke, [granted]);
    expect(revoked).toEqual([{ type: 'IndicatorSubscriptionRevoked', data: { subscriptionId: id, revokedBy: 'admin-2', revokedAt: '2026-11-26T10:00:00.000Z' } }]);
    expect(decide(revoke, [granted, ...revoked])).toEqual([]);
    expect(() => decide(revoke)).toThrow(expect.objectContaining({ code: 'not-found' }));
    expect(() => decide(grant(), [granted])).toThrow(/exists/);
  });
});
