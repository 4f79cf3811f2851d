import type { Problem } from '@hub/service-kit/errors';
import { addDuration, isPositive, parseDuration } from './duration';
import { nextOccurrence, normaliseSchedule, scheduleShapeProblems, type ScheduleInput } from './schedule';

export interface TimingInput {
  schedule: ScheduleInput;
  reminderAfter?: string | number;
  expiresAfter: string | number;
  at: string;
}

function timingProblems(input: TimingInput): Problem[] {
  const problems: Problem[] = [];
  const expires = parseDuration(input.expiresAfter);
  if (!expires || !isPositive(expires, input.at)) problems.push({ location: 'expiresAfter', message: 'expiresAfter must be a positive ISO 8601 duration or number of days' });
  if (input.reminderAfter === undefined) return problems;
  const reminder = parseDuration(input.reminderAfter);
  if (!reminder || !isPositive(reminder, input.at)) problems.push({ location: 'reminderAfter', message: 'reminderAfter must be a positive ISO 8601 duration or number of days' });
  else if (expires && addDuration(input.at, reminder) >= addDuration(input.at, expires)) {
    problems.push({ location: 'reminderAfter', message: 'the reminder would come at or after expiry' });
  }
  return problems;
}

/**
 * Every reason an order's timing makes no sense, gathered so one reply names all of them: the schedule's own
 * shape, reminders and expiry, and a schedule whose occurrences would all have expired before it was placed.
 */
export function orderTimingProblems(input: TimingInput): Problem[] {
  const shape = scheduleShapeProblems(input.schedule);
  const timing = timingProblems(input);
  if (shape.length > 0 || timing.length > 0) return [...shape, ...timing];
  const first = nextOccurrence(normaliseSchedule(input.schedule, input.at), -1, input.at);
  if (!first) return [{ location: 'schedule', message: 'the schedule has no occurrence' }];
  if (addDuration(first.dueAt, parseDuration(input.expiresAfter)!) <= input.at) {
    return [{ location: 'schedule', message: `every occurrence lies so far in the past that it would already have expired (latest due ${first.dueAt})` }];
  }
  return [];
}
