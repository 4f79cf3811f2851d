import { backoffDelay, interruptibleSleep } from './backoff';

describe('backoff', () => {
  const policy = { initialMs: 100, maxMs: 1_000 };

  it('doubles the ceiling per attempt and never exceeds the cap', () => {
    const top = (attempt: number) => backoffDelay(attempt, policy, () => 1);
    expect([1, 2, 3, 4, 5, 10, 1_000].map(top)).toEqual([100, 200, 400, 800, 1_000, 1_000, 1_000]);
  });

  it('waits at least half the ceiling even with the lowest jitter, so a retry is never immediate', () => {
    expect([1, 2, 5].map((a) => backoffDelay(a, policy, () => 0))).toEqual([50, 100, 500]);
  });

  it('a woken sleep resolves at once', async () => {
    const { sleep, wake } = interruptibleSleep();
    const started = Date.now();
    const slept = sleep(60_000);
    wake();
    await slept;
    expect(Date.now() - started).toBeLessThan(1_000);
  });
});
