// Reading an answer's value[x] out of untrusted JSON, checking its R4 datatype format, and comparing values
// (answerOption membership and enableWhen both need equality and ordering).
import type { Coding, Quantity, Reference } from './fhir.types';

/** The R4 answer value[x] datatypes, by their JSON suffix. */
export const ANSWER_KINDS = ['Boolean', 'Decimal', 'Integer', 'Date', 'DateTime', 'Time', 'String', 'Uri', 'Attachment', 'Coding', 'Quantity', 'Reference'] as const;
export type ValueKind = (typeof ANSWER_KINDS)[number];

export interface TypedValue {
  kind: ValueKind;
  value: unknown;
}

export interface ValueRead {
  value?: TypedValue;
  /** The JSON property names found, e.g. ['valueCoding'], for messages. */
  keys: string[];
  problems: string[];
}

// Regexes from the R4 datatypes page (https://hl7.org/fhir/R4/datatypes.html), anchored.
const YEAR = '([0-9]([0-9]([0-9][1-9]|[1-9]0)|[1-9]00)|[1-9]000)';
const MONTH = '(0[1-9]|1[0-2])';
const DAY = '(0[1-9]|[1-2][0-9]|3[0-1])';
const TIME = '([01][0-9]|2[0-3]):[0-5][0-9]:([0-5][0-9]|60)(\\.[0-9]+)?';
const ZONE = '(Z|(\\+|-)((0[0-9]|1[0-3]):[0-5][0-9]|14:00))';
export const DATE_REGEX = new RegExp(`^${YEAR}(-${MONTH}(-${DAY})?)?$`);
export const DATE_TIME_REGEX = new RegExp(`^${YEAR}(-${MONTH}(-${DAY}(T${TIME}${ZONE})?)?)?$`);
export const TIME_REGEX = new RegExp(`^${TIME}$`);

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Finds the single value[x] of an answer-like element (`prefix` is 'value' for answers and options, 'answer'
 * for enableWhen). More than one value[x], or one R4 does not allow here, is a structural problem.
 */
export function readValue(element: Record<string, unknown>, prefix: 'value' | 'answer'): ValueRead {
  const keys = Object.keys(element).filter((k) => k.length > prefix.length && k.startsWith(prefix) && /[A-Z]/.test(k[prefix.length]));
  const problems: string[] = [];
  if (keys.length > 1) problems.push(`only one ${prefix}[x] is allowed, found ${keys.join(', ')}`);
  const known = keys.filter((k) => (ANSWER_KINDS as readonly string[]).includes(k.slice(prefix.length)));
  for (const k of keys) if (!known.includes(k)) problems.push(`${k} is not an allowed ${prefix}[x] type in R4`);
  if (known.length !== 1) return { keys, problems };
  const kind = known[0].slice(prefix.length) as ValueKind;
  return { value: { kind, value: element[known[0]] }, keys, problems };
}

/** Why a value does not conform to its declared datatype, or undefined when it does. */
export function formatProblem({ kind, value }: TypedValue): string | undefined {
  switch (kind) {
    case 'Boolean':
      return typeof value === 'boolean' ? undefined : 'must be true or false';
    case 'Decimal':
      return typeof value === 'number' && Number.isFinite(value) ? undefined : 'must be a JSON number';
    case 'Integer':
      return Number.isInteger(value) && Math.abs(value as number) <= 2147483647 ? undefined : 'must be a 32-bit integer';
    case 'Date':
      return typeof value === 'string' && DATE_REGEX.test(value) ? undefined : 'must be a date: YYYY, YYYY-MM or YYYY-MM-DD';
    case 'DateTime':
      return typeof value === 'string' && DATE_TIME_REGEX.test(value) ? undefined : 'must be a dateTime: YYYY[-MM[-DD[Thh:mm:ss[.s]+zz:zz]]]';
    case 'Time':
      return typeof value === 'string' && TIME_REGEX.test(value) ? undefined : 'must be a time: hh:mm:ss[.s]';
    case 'String':
      return typeof value === 'string' && value.length > 0 ? undefined : 'must be a non-empty string';
    case 'Uri':
      return typeof value === 'string' && /^\S+$/.test(value) ? undefined : 'must be a uri without whitespace';
    case 'Quantity':
      return isRecord(value) && (value.value === undefined || typeof value.value === 'number') ? undefined : 'must be a Quantity with a numeric value';
    case 'Attachment':
    case 'Coding':
    case 'Reference':
      return isRecord(value) ? undefined : `must be a ${kind} object`;
    default: {
      const _exhaustive: never = kind;
      return _exhaustive;
    }
  }
}

/** Reads the value[x] only when it is present and well-formed; used where broken values were reported elsewhere. */
export function wellFormedValue(element: unknown, prefix: 'value' | 'answer'): TypedValue | undefined {
  if (!isRecord(element)) return undefined;
  const { value, problems } = readValue(element, prefix);
  return value && problems.length === 0 && !formatProblem(value) ? value : undefined;
}

const codingsEqual = (a: Coding, b: Coding) => a.code === b.code && (a.system === undefined || b.system === undefined || a.system === b.system);
const sameUnit = (a: Quantity, b: Quantity) => (a.code !== undefined || b.code !== undefined ? a.code === b.code && a.system === b.system : a.unit === b.unit);
// Code-unit order, not locale order: ISO dates and times must sort exactly as written.
const compareStrings = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const isTemporal = (k: ValueKind) => k === 'Date' || k === 'DateTime';

/**
 * Full dateTimes carry a time zone, so they compare as instants. Otherwise only the precision both values
 * state can be compared ("2021" against "2021-05-03" compares years): lenient at boundaries, never wrongly strict.
 */
export function compareTemporal(a: string, b: string): number | undefined {
  if (a.length > 10 && b.length > 10) {
    const difference = Date.parse(a) - Date.parse(b);
    return Number.isNaN(difference) ? undefined : difference;
  }
  const shared = Math.min(a.length, b.length);
  return compareStrings(a.slice(0, shared), b.slice(0, shared));
}

const isNumeric = (k: ValueKind) => k === 'Integer' || k === 'Decimal';

/**
 * Orders two values: negative, zero or positive, or undefined when they cannot be compared (different
 * datatypes, codings, units). Dates and dateTimes compare with each other (see compareTemporal).
 */
export function compareValues(a: TypedValue, b: TypedValue): number | undefined {
  if (isNumeric(a.kind) && isNumeric(b.kind)) return (a.value as number) - (b.value as number);
  if (isTemporal(a.kind) && isTemporal(b.kind)) return compareTemporal(a.value as string, b.value as string);
  if (a.kind !== b.kind) return undefined;
  switch (a.kind) {
    case 'Boolean':
      return a.value === b.value ? 0 : undefined;
    case 'Date':
    case 'DateTime':
      return undefined; // unreachable: compared above
    case 'Time':
    case 'String':
    case 'Uri':
      return compareStrings(a.value as string, b.value as string);
    case 'Coding':
      return codingsEqual(a.value as Coding, b.value as Coding) ? 0 : undefined;
    case 'Reference':
      return (a.value as Reference).reference !== undefined && (a.value as Reference).reference === (b.value as Reference).reference ? 0 : undefined;
    case 'Quantity': {
      const qa = a.value as Quantity;
      const qb = b.value as Quantity;
      return sameUnit(qa, qb) && qa.value !== undefined && qb.value !== undefined ? qa.value - qb.value : undefined;
    }
    case 'Decimal':
    case 'Integer':
      return undefined; // unreachable: numbers were compared above
    case 'Attachment':
      // Attachments have no meaningful equality for answerOption or enableWhen.
      return undefined;
    default: {
      const _exhaustive: never = a.kind;
      return _exhaustive;
    }
  }
}

export const valuesEqual = (a: TypedValue, b: TypedValue): boolean => compareValues(a, b) === 0;
