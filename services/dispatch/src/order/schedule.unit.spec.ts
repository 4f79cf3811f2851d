import { addDuration, parseDuration } from './duration';
import { nextOccurrence, normaliseSchedule, occurrenceDueAt, scheduleShapeProblems } from './schedule';

describe('durations', () => {
  it('reads ISO 8601 durations and whole days', () => {
    expect(parseDuration('P3M')).toEqual({ years: 0, months: 3, days: 0, milliseconds: 0 });
    expect(parseDuration('P1W2D')).toEqual({ years: 0, months: 0, days: 9, milliseconds: 0 });
    expect(parseDuration('PT12H')).toEqual({ years: 0, months: 0, days: 0, milliseconds: 12 * 3600 * 1000 });
    expect(parseDuration(7)).toEqual({ years: 0, months: 0, days: 7, milliseconds: 0 });
    for (const bad of ['P', 'PT', '3 days', 'P1.5D', -0.5, null]) expect(parseDuration(bad)).toBeUndefined();
  });

  it('adds months on the calendar, so a quarterly schedule keeps its day of the month', () => {
    expect(addDuration('2026-01-15T08:00:00.000Z', parseDuration('P3M')!, 3)).toBe('2026-10-15T08:00:00.000Z');
    expect(addDuration('2026-11-01T08:00:00.000Z', parseDuration('P14D')!)).toBe('2026-11-15T08:00:00.000Z');
  });
});

describe('schedules', () => {
  const at = '2026-11-01T10:00:00.000Z';

  it('a one-off falls due once, at its time or now', () => {
    const s = normaliseSchedule({ kind: 'once' }, at);
    expect([occurrenceDueAt(s, 0), occurrenceDueAt(s, 1)]).toEqual([at, undefined]);
  });

  it('a relative schedule falls due offsetDays from the pathway date (7 days before a visit)', () => {
    const s = normaliseSchedule({ kind: 'relative', pathwayDate: '2026-12-10T09:00:00Z', offsetDays: -7 }, at);
    expect(occurrenceDueAt(s, 0)).toBe('2026-12-03T09:00:00.000Z');
  });

  it('a recurring schedule ends after count occurrences or at until, inclusive', () => {
    const byCount = normaliseSchedule({ kind: 'recurring', start: at, every: 14, count: 2 }, at);
    expect([0, 1, 2].map((n) => occurrenceDueAt(byCount, n))).toEqual([at, '2026-11-15T10:00:00.000Z', undefined]);
    const byUntil = normaliseSchedule({ kind: 'recurring', start: at, every: 'P1M', until: '2027-01-01T10:00:00Z' }, at);
    expect([0, 1, 2, 3].map((n) => occurrenceDueAt(byUntil, n))).toEqual([at, '2026-12-01T10:00:00.000Z', '2027-01-01T10:00:00.000Z', undefined]);
  });

  it('after an outage, only the latest overdue occurrence is issued, not a burst of stale ones', () => {
    const s = normaliseSchedule({ kind: 'recurring', start: at, every: 'P7D', count: 10 }, at);
    expect(nextOccurrence(s, 0, '2026-11-23T00:00:00.000Z')).toEqual({ occurrence: 3, dueAt: '2026-11-22T10:00:00.000Z' });
    expect(nextOccurrence(s, 0, at)).toEqual({ occurrence: 1, dueAt: '2026-11-08T10:00:00.000Z' });
    expect(nextOccurrence(s, 9, '2027-06-01T00:00:00.000Z')).toBeUndefined();
  });

  it('names every problem of a schedule that makes no sense', () => {
    expect(scheduleShapeProblems({ kind: 'recurring', start: at, every: 0, until: '2026-10-01T00:00:00Z' }).map((p) => p.location)).toEqual(['schedule.every', 'schedule.until']);
    expect(scheduleShapeProblems({ kind: 'recurring', start: at, every: 'P-1D', count: 0 }).map((p) => p.location)).toEqual(['schedule.every', 'schedule.count']);
    expect(scheduleShapeProblems({ kind: 'recurring', start: 'soon', every: 'PT1H' }).map((p) => p.location)).toEqual(['schedule.start', 'schedule.every', 'schedule']);
    expect(scheduleShapeProblems({ kind: 'relative', pathwayDate: 'x', offsetDays: 1.5 }).map((p) => p.location)).toEqual(['schedule.pathwayDate', 'schedule.offsetDays']);
    expect(scheduleShapeProblems({ kind: 'weekly' } as never).map((p) => p.location)).toEqual(['schedule.kind']);
    expect(scheduleShapeProblems(undefined).map((p) => p.location)).toEqual(['schedule.kind']);
  });
});
