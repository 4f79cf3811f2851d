const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

function partsOf(day: string): [number, number, number] | undefined {
  const m = DAY.exec(day);
  if (!m) return undefined;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  // Date.UTC rolls 2026-02-30 over into March; a day that does not exist is not a day.
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d ? [y, mo, d] : undefined;
}

/**
 * The age band ('0-9', '10-19', ... '80-89', '90+') of someone born on `birthDate` on the calendar day `day`
 * (both YYYY-MM-DD): completed years, so the band changes on the birthday itself. Someone born on 29 February
 * completes a year on 1 March in other years. Undefined when either day is not a real date or the day is
 * before the birth: no band beats a wrong one. Ten-year bands from 90 up are one band, as few people are in them.
 */
export function ageBandOn(birthDate: string, day: string): string | undefined {
  const birth = partsOf(birthDate);
  const on = partsOf(day);
  if (!birth || !on) return undefined;
  const hadBirthday = on[1] > birth[1] || (on[1] === birth[1] && on[2] >= birth[2]);
  const age = on[0] - birth[0] - (hadBirthday ? 0 : 1);
  if (age < 0) return undefined;
  if (age >= 90) return '90+';
  const low = Math.floor(age / 10) * 10;
  return `${low}-${low + 9}`;
}
