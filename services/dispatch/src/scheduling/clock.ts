import { illegalState } from '@hub/service-kit/errors';

/** Where dispatch gets "now" from: the only source of time for orders, dispatches and the scheduler. */
export interface Clock {
  readonly mode: 'system' | 'controlled';
  now(): Date;
}

export const CLOCK = Symbol('CLOCK');

export class SystemClock implements Clock {
  readonly mode = 'system' as const;
  now(): Date {
    return new Date();
  }
}

/**
 * A clock that stands still until an operator or a test moves it (HUB_CLOCK=controlled). Time only moves
 * forward: a reminder already sent cannot be un-sent by turning the clock back.
 */
export class ControlledClock implements Clock {
  readonly mode = 'controlled' as const;
  constructor(private current: Date = new Date()) {}

  now(): Date {
    return new Date(this.current);
  }

  set(at: Date): void {
    if (at < this.current) throw illegalState(`the clock only moves forward; it stands at ${this.current.toISOString()}`);
    this.current = new Date(at);
  }
}
