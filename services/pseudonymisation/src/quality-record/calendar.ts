import { validationError } from '@hub/service-kit/errors';

/**
 * Time as it may leave the treatment domain: Danish calendar days and months, never instants (an instant to
 * the millisecond is nearly as identifying as an id). Ages leave as ten-year bands: facts/age-band.ts.
 */

const DANISH_TIME = 'Europe/Copenhagen';

/** The calendar day ('YYYY-MM-DD') of an instant, in Danish time (CET/CEST); the quality databases count by it. */
export function danishDayOf(isoInstant: string, timeZone = DANISH_TIME): string {
  const instant = new Date(isoInstant);
  if (Number.isNaN(instant.getTime())) throw validationError(`not a date: ${isoInstant}`);
  // en-CA formats as YYYY-MM-DD; formatToParts avoids depending on that.
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(instant);
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')}`;
}

/**
 * The calendar month ('YYYY-MM') of an instant, in Danish time: a dispatch at 00:30 on 1 December belongs to
 * December even though it is still November in UTC.
 */
export function monthOf(isoInstant: string, timeZone = DANISH_TIME): string {
  return danishDayOf(isoInstant, timeZone).slice(0, 7);
}
