import type { Sector } from '@hub/contracts';
import type { Problem } from '@hub/service-kit/errors';

/** SOR codes (Sundhedsvæsenets Organisationsregister) are numeric ids; the hub accepts 6 to 18 digits, as dispatch does. */
export const SOR_CODE = /^[0-9]{6,18}$/;
export const SECTORS: Sector[] = ['hospital', 'municipality', 'general-practice'];

export const isSorCode = (value: unknown): value is string => typeof value === 'string' && SOR_CODE.test(value);

export function sorProblems(value: unknown, location: string): Problem[] {
  return isSorCode(value) ? [] : [{ location, message: `${JSON.stringify(value)} is not a SOR code (6 to 18 digits)` }];
}
