/**
 * Danish CPR numbers: DDMMYY-SSSS. The first serial digit and the two-digit year give the century.
 * The modulus-11 check is deliberately not required: numbers issued since 2007 may fail it.
 */
export interface ParsedCpr {
  normalised: string;
  birthDate: string;
}

function centuryOf(year2: number, serialFirst: number): number {
  if (serialFirst <= 3) return 1900;
  if (serialFirst === 4 || serialFirst === 9) return year2 <= 36 ? 2000 : 1900;
  return year2 <= 57 ? 2000 : 1800;
}

/** The problems with a CPR number (empty when valid), every one of them. */
export function cprProblems(input: unknown): string[] {
  if (typeof input !== 'string') return ['cpr must be a string'];
  const m = /^(\d{2})(\d{2})(\d{2})-?(\d)(\d{3})$/.exec(input.trim());
  if (!m) return ['cpr must be ten digits, DDMMYY-SSSS'];
  const [day, month, year2, serialFirst] = [Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4])];
  const year = centuryOf(year2, serialFirst) + year2;
  const date = new Date(Date.UTC(year, month - 1, day));
  const exists = date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
  return exists ? [] : [`cpr does not start with a real date of birth (${m[1]}-${m[2]}-${year})`];
}

export function parseCpr(input: string): ParsedCpr | undefined {
  if (cprProblems(input).length > 0) return undefined;
  const digits = input.replace('-', '').trim();
  const [day, month, year2, serialFirst] = [digits.slice(0, 2), digits.slice(2, 4), Number(digits.slice(4, 6)), Number(digits[6])];
  const year = centuryOf(year2, serialFirst) + year2;
  return { normalised: `${digits.slice(0, 6)}-${digits.slice(6)}`, birthDate: `${year}-${month}-${day}` };
}
