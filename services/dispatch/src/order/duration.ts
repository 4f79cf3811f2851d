/**
 * ISO 8601 durations as orders use them (`P7D`, `P3M`, `P1Y2M`, `PT12H`), or a whole number of days.
 * Hand-written because no installed library parses them; calendar parts (years, months) are added on the UTC
 * calendar so "every 3 months" stays on the same day of the month instead of drifting by 90-day steps.
 */
const ISO_DURATION = /^P(?!$)(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?=\d)(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/;

export interface Duration {
  years: number;
  months: number;
  days: number;
  milliseconds: number;
}

/** The duration, or undefined when `value` is neither an ISO 8601 duration nor a whole number of days. */
export function parseDuration(value: unknown): Duration | undefined {
  if (typeof value === 'number') return Number.isInteger(value) ? { years: 0, months: 0, days: value, milliseconds: 0 } : undefined;
  if (typeof value !== 'string') return undefined;
  const m = ISO_DURATION.exec(value);
  if (!m) return undefined;
  const [y, mo, w, d, h, mi, s] = m.slice(1).map((part) => Number(part ?? 0));
  return { years: y, months: mo, days: w * 7 + d, milliseconds: ((h * 60 + mi) * 60 + s) * 1000 };
}

/** The canonical text stored in events: whole days as `PnD`, anything else as given. */
export function toIsoDuration(value: string | number): string {
  return typeof value === 'number' ? `P${value}D` : value;
}

/** `at` plus the duration, as an ISO date-time. */
export function addDuration(at: string, duration: Duration, times = 1): string {
  const d = new Date(at);
  // Months before days, as java.time and Temporal do: 31 Jan + P1M1D is 1 Mar (28 Feb + 1 day).
  if (duration.years || duration.months) d.setUTCMonth(d.getUTCMonth() + (duration.years * 12 + duration.months) * times);
  d.setUTCDate(d.getUTCDate() + duration.days * times);
  return new Date(d.getTime() + duration.milliseconds * times).toISOString();
}

/** Whether the duration moves time forward (checked on a date, as months have no fixed length). */
export function isPositive(duration: Duration, on: string): boolean {
  return addDuration(on, duration) > new Date(on).toISOString();
}
