/**
 * Exponential backoff with full jitter, capped. Pure: the random source is injected so tests can pin it.
 * Full jitter spreads retries of many relays/consumers hitting the same outage instead of stampeding.
 */
export interface BackoffPolicy {
  initialMs: number;
  maxMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { initialMs: 200, maxMs: 30_000 };

/** Delay before retry number `attempt` (1-based): a random point in [ceiling/2, ceiling], ceiling doubling up to the cap. */
export function backoffDelay(attempt: number, policy: BackoffPolicy = DEFAULT_BACKOFF, random: () => number = Math.random): number {
  const exponent = Math.min(Math.max(attempt - 1, 0), 30);
  const ceiling = Math.min(policy.maxMs, policy.initialMs * 2 ** exponent);
  // Half fixed, half jitter: never retry almost immediately, which would be a busy loop in disguise.
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

/** A sleep that `wake()` cuts short, so stopping a relay or consumer never waits out a long backoff. */
export function interruptibleSleep(): { sleep(ms: number): Promise<void>; wake(): void } {
  let wakeCurrent: (() => void) | undefined;
  return {
    sleep(ms) {
      return new Promise<void>((resolve) => {
        const timer = setTimeout(done, ms);
        function done() {
          clearTimeout(timer);
          wakeCurrent = undefined;
          resolve();
        }
        wakeCurrent = done;
      });
    },
    wake() {
      wakeCurrent?.();
    },
  };
}
