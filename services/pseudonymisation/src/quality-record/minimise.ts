import type { MinimisedAnswer } from '@hub/contracts';
import { findCprLike } from '@hub/messaging';
import { validationError } from '@hub/service-kit/errors';

/**
 * Data minimisation at the door to the quality domain: only coded and numeric answers leave, never free text,
 * attachments, references or dates. The contract (QualityResponseRecorded.v1) allows nothing else, and a
 * value is dropped rather than passed when it merely looks like a CPR number.
 */

interface FhirItem {
  linkId?: unknown;
  answer?: unknown;
  item?: unknown;
}

/** Codes longer than the contract allows are not codes worth reporting; dropping them keeps the relay flowing. */
const MAX_CODE_LENGTH = 64;

const asArray = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The one value of an answer that may leave, or undefined. Coding.display is free text and is never copied. */
function keptValue(answer: Record<string, unknown>): Omit<MinimisedAnswer, 'linkId'> | undefined {
  const { valueInteger, valueDecimal, valueBoolean, valueCoding } = answer;
  if (Number.isSafeInteger(valueInteger)) return { integer: valueInteger as number };
  if (typeof valueDecimal === 'number' && Number.isFinite(valueDecimal)) return { decimal: valueDecimal };
  if (typeof valueBoolean === 'boolean') return { boolean: valueBoolean };
  if (isObject(valueCoding) && typeof valueCoding.code === 'string' && valueCoding.code.length > 0 && valueCoding.code.length <= MAX_CODE_LENGTH) {
    return { code: valueCoding.code, ...(typeof valueCoding.system === 'string' ? { system: valueCoding.system } : {}) };
  }
  return undefined;
}

function walk(items: unknown, out: MinimisedAnswer[]): void {
  for (const item of asArray(items)) {
    if (!isObject(item)) continue;
    const { linkId, answer, item: children } = item as FhirItem;
    for (const a of asArray(answer)) {
      if (!isObject(a)) continue;
      const value = typeof linkId === 'string' ? keptValue(a) : undefined;
      const minimised = value && { linkId: linkId as string, ...value };
      // linkId, code and system are checked too: anything CPR-like would stop the relay, and must not leave.
      if (minimised && !findCprLike(minimised)) out.push(minimised);
      walk(a.item, out);
    }
    walk(children, out);
  }
}

/** The coded and numeric answers of a FHIR QuestionnaireResponse, depth first in document order. */
export function minimiseAnswers(response: unknown): MinimisedAnswer[] {
  const out: MinimisedAnswer[] = [];
  if (isObject(response)) walk(response.item, out);
  return out;
}

/**
 * The calendar month ('YYYY-MM') of an instant, in Danish time: the quality databases report by local month,
 * so a dispatch at 00:30 on 1 December belongs to December even though it is still November in UTC.
 */
export function monthOf(isoDate: string, timeZone = 'Europe/Copenhagen'): string {
  const instant = new Date(isoDate);
  if (Number.isNaN(instant.getTime())) throw validationError(`not a date: ${isoDate}`);
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit' }).formatToParts(instant);
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}`;
}
