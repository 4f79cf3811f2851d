/**
 * Half-open periods [from, to) over ISO-8601 instants; `to` absent means open-ended. Instants are compared as
 * epoch milliseconds, not as strings, so offsets other than Z compare correctly.
 */
export interface Period {
  from: string;
  to?: string;
}

const ms = (iso: string) => Date.parse(iso);

/** True when `at` lies in [from, to). */
export function isWithin(period: Period, at: string): boolean {
  return ms(period.from) <= ms(at) && (period.to === undefined || ms(at) < ms(period.to));
}

/** True when the two half-open periods share at least one instant. */
export function overlaps(a: Period, b: Period): boolean {
  const aEnd = a.to === undefined ? Infinity : ms(a.to);
  const bEnd = b.to === undefined ? Infinity : ms(b.to);
  return ms(a.from) < bEnd && ms(b.from) < aEnd;
}

/** True when `at` is at or before `limit`. */
export function isAtOrBefore(at: string, limit: string): boolean {
  return ms(at) <= ms(limit);
}

/** The problems with a period (empty when valid): unparseable instants, or an end not after the start. */
export function periodProblems(period: { from?: string; to?: string }, location: string): { location: string; message: string }[] {
  const problems: { location: string; message: string }[] = [];
  if (period.from === undefined || Number.isNaN(ms(period.from))) problems.push({ location: `${location}.from`, message: 'must be an ISO-8601 date-time' });
  if (period.to !== undefined && Number.isNaN(ms(period.to))) problems.push({ location: `${location}.to`, message: 'must be an ISO-8601 date-time' });
  if (problems.length === 0 && period.to !== undefined && ms(period.to) <= ms(period.from!)) {
    problems.push({ location, message: `the period is reversed or empty: it ends (${period.to}) at or before it starts (${period.from})` });
  }
  return problems;
}
