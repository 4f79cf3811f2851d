import type { OrderSchedule } from '@hub/contracts';
import type { Problem } from '@hub/service-kit/errors';
import { addDuration, parseDuration, toIsoDuration, type Duration } from './duration';

/** A schedule as a client sends it: `every` may be a whole number of days; `at` of a one-off defaults to now. */
export type ScheduleInput =
  | { kind: 'once'; at?: string }
  | { kind: 'relative'; pathwayDate: string; offsetDays: number }
  | { kind: 'recurring'; start: string; every: string | number; until?: string; count?: number };

export interface Occurrence {
  occurrence: number;
  dueAt: string;
}

/** Questionnaires more often than daily are a mistake, and the bound keeps occurrence arithmetic small. */
const MIN_INTERVAL_DAYS = 1;
export const MAX_OCCURRENCES = 1000;
const MAX_OFFSET_DAYS = 3650;
const DAY_MS = 24 * 60 * 60 * 1000;

const isDateTime = (v: unknown): v is string => typeof v === 'string' && /^\d{4}-\d{2}-\d{2}/.test(v) && !Number.isNaN(Date.parse(v));
const iso = (v: string) => new Date(v).toISOString();

/** Months have no fixed length, so an interval is measured from the start, or from any date when the start is bad. */
const intervalBase = (start: unknown) => (isDateTime(start) ? start : '2000-01-01T00:00:00Z');

function recurringProblems(s: Extract<ScheduleInput, { kind: 'recurring' }>): Problem[] {
  const problems: Problem[] = [];
  if (!isDateTime(s.start)) problems.push({ location: 'schedule.start', message: 'start must be an ISO 8601 date-time' });
  const every = parseDuration(s.every);
  if (!every) problems.push({ location: 'schedule.every', message: 'every must be an ISO 8601 duration (e.g. P3M) or a whole number of days' });
  else if (addDuration(intervalBase(s.start), every) < new Date(Date.parse(intervalBase(s.start)) + MIN_INTERVAL_DAYS * DAY_MS).toISOString()) {
    problems.push({ location: 'schedule.every', message: `every must be at least ${MIN_INTERVAL_DAYS} day (zero or negative intervals make no sense)` });
  }
  if ((s.until === undefined) === (s.count === undefined)) problems.push({ location: 'schedule', message: 'a recurring schedule needs exactly one of until or count' });
  if (s.count !== undefined && !(Number.isInteger(s.count) && s.count >= 1 && s.count <= MAX_OCCURRENCES)) {
    problems.push({ location: 'schedule.count', message: `count must be a whole number from 1 to ${MAX_OCCURRENCES}` });
  }
  if (s.until !== undefined && !isDateTime(s.until)) problems.push({ location: 'schedule.until', message: 'until must be an ISO 8601 date-time' });
  else if (s.until !== undefined && isDateTime(s.start) && iso(s.until) < iso(s.start)) problems.push({ location: 'schedule.until', message: 'until is before start (reversed dates)' });
  return problems;
}

/** Every problem of the schedule's own shape (not yet its relation to reminders, expiry or now). */
export function scheduleShapeProblems(schedule: ScheduleInput | undefined): Problem[] {
  const kind = (schedule as { kind?: unknown } | undefined)?.kind;
  switch (kind) {
    case 'once': {
      const at = (schedule as { at?: unknown }).at;
      return at === undefined || isDateTime(at) ? [] : [{ location: 'schedule.at', message: 'at must be an ISO 8601 date-time' }];
    }
    case 'relative': {
      const s = schedule as Extract<ScheduleInput, { kind: 'relative' }>;
      return [
        ...(isDateTime(s.pathwayDate) ? [] : [{ location: 'schedule.pathwayDate', message: 'pathwayDate must be an ISO 8601 date or date-time' }]),
        ...(Number.isInteger(s.offsetDays) && Math.abs(s.offsetDays) <= MAX_OFFSET_DAYS ? [] : [{ location: 'schedule.offsetDays', message: `offsetDays must be a whole number within ±${MAX_OFFSET_DAYS}` }]),
      ];
    }
    case 'recurring':
      return recurringProblems(schedule as Extract<ScheduleInput, { kind: 'recurring' }>);
    default:
      return [{ location: 'schedule.kind', message: "schedule.kind must be 'once', 'relative' or 'recurring'" }];
  }
}

/** The schedule as stored in OrderPlaced: dates normalised to UTC ISO strings, intervals as ISO durations. */
export function normaliseSchedule(schedule: ScheduleInput, at: string): OrderSchedule {
  switch (schedule.kind) {
    case 'once':
      return { kind: 'once', at: iso(schedule.at ?? at) };
    case 'relative':
      return { kind: 'relative', pathwayDate: iso(schedule.pathwayDate), offsetDays: schedule.offsetDays };
    case 'recurring': {
      const { start, every, until, count } = schedule;
      return { kind: 'recurring', start: iso(start), every: toIsoDuration(every), ...(until !== undefined ? { until: iso(until) } : {}), ...(count !== undefined ? { count } : {}) };
    }
    default: {
      const _exhaustive: never = schedule;
      return _exhaustive;
    }
  }
}

/** Due time of occurrence `n` (0-based), or undefined when the schedule has no such occurrence. */
export function occurrenceDueAt(schedule: OrderSchedule, n: number): string | undefined {
  switch (schedule.kind) {
    case 'once':
      return n === 0 ? schedule.at : undefined;
    case 'relative':
      return n === 0 ? new Date(Date.parse(schedule.pathwayDate) + schedule.offsetDays * DAY_MS).toISOString() : undefined;
    case 'recurring': {
      if (n >= (schedule.count ?? MAX_OCCURRENCES)) return undefined;
      const due = addDuration(schedule.start, parseDuration(schedule.every) as Duration, n);
      return schedule.until !== undefined && due > schedule.until ? undefined : due;
    }
    default: {
      const _exhaustive: never = schedule;
      return _exhaustive;
    }
  }
}

/**
 * The occurrence to issue after occurrence `after` (-1: the first), seen at `now`. Occurrences that were
 * already overtaken by a later one that is also due are skipped: after an outage the patient gets the
 * current questionnaire, not a burst of stale ones.
 */
export function nextOccurrence(schedule: OrderSchedule, after: number, now: string): Occurrence | undefined {
  let n = after + 1;
  const first = occurrenceDueAt(schedule, n);
  if (first === undefined) return undefined;
  let dueAt = first;
  for (;;) {
    const following = occurrenceDueAt(schedule, n + 1);
    if (following === undefined || following > now) return { occurrence: n, dueAt };
    n += 1;
    dueAt = following;
  }
}

