import { validationError } from '@hub/service-kit/errors';

/**
 * Time as it may leave the treatment domain: Danish calendar days and months, never instants (an instant to
 * the millisecond is nearly as identifying as an id), and ages as ten-year bands, never the date of birth.
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

const BAND_WIDTH = 10;
const TOP_BAND = 90;

/** Completed years between a birth date and a day (both 'YYYY-MM-DD'); the birthday itself counts as reached. */
export function ageOn(birthDate: string, day: string): number {
  const years = Number(day.slice(0, 4)) - Number(birthDate.slice(0, 4));
  // 'MM-DD' strings compare as dates; someone born on 29 February turns a year older on 1 March in other years.
  return day.slice(5) < birthDate.slice(5) ? years - 1 : years;
}

/** The ten-year band ('0-9' … '80-89', '90+') of the age on `day`; undefined for a birth date after the day. */
export function ageBandOn(birthDate: string, day: string): string | undefined {
  const age = ageOn(birthDate, day);
  if (age < 0) return undefined;
  if (age >= TOP_BAND) return `${TOP_BAND}+`;
  const low = Math.floor(age / BAND_WIDTH) * BAND_WIDTH;
  return `${low}-${low + BAND_WIDTH - 1}`;
}
