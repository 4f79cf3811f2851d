import type { MinimisedAnswer } from '@hub/contracts';
import { findCprLike } from '@hub/messaging';

/**
 * Data minimisation at the door to the quality domain: only coded and numeric answers leave, never free text,
 * attachments, references or dates. The contract (QualityResponseRecorded.v2) allows nothing else, and a
 * value is dropped rather than passed when it merely looks like a CPR number.
 */

interface FhirItem {
  linkId?: unknown;
  answer?: unknown;
  item?: unknown;
}

/**
 * linkIds and codes are identifiers chosen by a questionnaire's author ('phq9-1', 'LA6111-4', '1.2'), never prose.
 * One with whitespace, letters outside ASCII or other punctuation could be a name or words typed where a code
 * belongs, so it is dropped. At most 64 characters, as the contract allows for codes.
 */
const TOKEN = /^[A-Za-z0-9][A-Za-z0-9._:/-]{0,63}$/;
/** A code system is a URI ('http://loinc.org', 'urn:oid:1.2.3'): scheme, colon, URI characters and no spaces. */
const URI = /^[A-Za-z][A-Za-z0-9+.-]*:[A-Za-z0-9._~:/?#@%=&-]{1,200}$/;

const asArray = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The one value of an answer that may leave, or undefined. Coding.display is free text and is never copied. */
function keptValue(answer: Record<string, unknown>): Omit<MinimisedAnswer, 'linkId'> | undefined {
  const { valueInteger, valueDecimal, valueBoolean, valueCoding } = answer;
  if (Number.isSafeInteger(valueInteger)) return { integer: valueInteger as number };
  if (typeof valueDecimal === 'number' && Number.isFinite(valueDecimal)) return { decimal: valueDecimal };
  if (typeof valueBoolean === 'boolean') return { boolean: valueBoolean };
  if (isObject(valueCoding) && typeof valueCoding.code === 'string' && TOKEN.test(valueCoding.code)) {
    // A system that is not a URI is dropped on its own: the code still says what was answered.
    return { code: valueCoding.code, ...(typeof valueCoding.system === 'string' && URI.test(valueCoding.system) ? { system: valueCoding.system } : {}) };
  }
  return undefined;
}

function walk(items: unknown, out: MinimisedAnswer[]): void {
  for (const item of asArray(items)) {
    if (!isObject(item)) continue;
    const { linkId, answer, item: children } = item as FhirItem;
    for (const a of asArray(answer)) {
      if (!isObject(a)) continue;
      const value = typeof linkId === 'string' && TOKEN.test(linkId) ? keptValue(a) : undefined;
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
