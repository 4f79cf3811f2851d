import type { IndicatorSubscriptionGranted, IndicatorSubscriptionRevoked } from '@hub/contracts';
import type { Decider } from '@hub/event-store';
import { DomainError, illegalState, validationError, type Problem } from '@hub/service-kit';

export type SubscriptionEvent = { type: 'IndicatorSubscriptionGranted'; data: IndicatorSubscriptionGranted } | { type: 'IndicatorSubscriptionRevoked'; data: IndicatorSubscriptionRevoked };

export interface SubscriptionState {
  granted?: IndicatorSubscriptionGranted;
  revoked: boolean;
}

/** A grant as asked (the event's fields), with what the service knows to check it against; id, actor and time come in the command. */
export interface GrantSubscription extends IndicatorSubscriptionGranted {
  type: 'GrantSubscription';
  /** Indicator ids that exist. */
  knownMeasures: ReadonlySet<string>;
  /** Strata (`unit:<SOR>`, `region:<R>`, `sector:<S>`) the indicators have reports for. */
  knownStrata: ReadonlySet<string>;
}

export interface RevokeSubscription {
  type: 'RevokeSubscription';
  subscriptionId: string;
  revokedBy: string;
  revokedAt: string;
}

export type SubscriptionCommand = GrantSubscription | RevokeSubscription;

/**
 * Every problem of a grant: unknown indicators, strata no quality record has come from (a grant for a unit
 * that was never seen is more likely a typo than foresight), nothing granted, record level without a mandate.
 */
export function grantProblems(c: GrantSubscription): Problem[] {
  const problems: Problem[] = c.measures.filter((m) => !c.knownMeasures.has(m)).map((m) => ({ location: '/measures', message: `unknown measure ${m} (known: ${[...c.knownMeasures].join(', ')})` }));
  const asked = [...c.strata.units.map((u) => `unit:${u}`), ...c.strata.regions.map((r) => `region:${r}`), ...c.strata.sectors.map((s) => `sector:${s}`)];
  if (asked.length === 0) problems.push({ location: '/strata', message: 'grant at least one unit, region or sector' });
  for (const s of asked.filter((x) => !c.knownStrata.has(x))) problems.push({ location: '/strata', message: `unknown ${s.replace(':', ' ')}: no quality records from it have reached the indicators` });
  if (c.recordLevel && !c.mandate) problems.push({ location: '/mandate', message: 'record-level data needs the mandate (legal basis) it is given under' });
  return problems;
}

function grant(c: GrantSubscription, state: SubscriptionState): SubscriptionEvent[] {
  if (state.granted) throw illegalState(`subscription ${c.subscriptionId} exists`);
  const problems = grantProblems(c);
  if (problems.length > 0) throw validationError('the subscription cannot be granted', problems);
  const { subscriptionId, subscriber, measures, strata, recordLevel, mandate, grantedBy, grantedAt } = c;
  return [{ type: 'IndicatorSubscriptionGranted', data: { subscriptionId, subscriber, measures, strata, recordLevel, ...(mandate ? { mandate } : {}), grantedBy, grantedAt } }];
}

function revoke(c: RevokeSubscription, state: SubscriptionState): SubscriptionEvent[] {
  if (!state.granted) throw new DomainError('not-found', `no subscription ${c.subscriptionId}`);
  if (state.revoked) return []; // revoking twice changes nothing: idempotent
  return [{ type: 'IndicatorSubscriptionRevoked', data: { subscriptionId: c.subscriptionId, revokedBy: c.revokedBy, revokedAt: c.revokedAt } }];
}

export const subscriptionDecider: Decider<SubscriptionCommand, SubscriptionState, SubscriptionEvent> = {
  initialState: () => ({ revoked: false }),
  decide(command, state) {
    switch (command.type) {
      case 'GrantSubscription':
        return grant(command, state);
      case 'RevokeSubscription':
        return revoke(command, state);
      default: {
        const _exhaustive: never = command;
        return _exhaustive;
      }
    }
  },
  evolve(state, event) {
    switch (event.type) {
      case 'IndicatorSubscriptionGranted':
        return { ...state, granted: event.data };
      case 'IndicatorSubscriptionRevoked':
        return { ...state, revoked: true };
      default: {
        const _exhaustive: never = event;
        return _exhaustive;
      }
    }
  },
};
