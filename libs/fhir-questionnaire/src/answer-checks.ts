// One answer against its questionnaire item: datatype, format, answerOption, ranges and lengths.
import { compareValues, formatProblem, readValue, valuesEqual, wellFormedValue, type TypedValue, type ValueKind } from './answer-value';
import { attachmentIssues } from './attachment-checks';
import { EXT, extensionValue, numericExtension } from './extensions';
import type { Coding, QuestionnaireItem, QuestionnaireItemType } from './fhir.types';
import { errorAt, warningAt, type OperationOutcomeIssue } from './operation-outcome';
import { quantityIssues } from './quantity-checks';
import { inlineId, inSet, type InlineValueSets } from './value-sets';

/** The answer datatype each R4 question type takes (https://hl7.org/fhir/R4/codesystem-item-type.html). */
const KIND_FOR_TYPE: Record<Exclude<QuestionnaireItemType, 'group' | 'display'>, ValueKind[]> = {
  boolean: ['Boolean'],
  decimal: ['Decimal'],
  integer: ['Integer'],
  date: ['Date'],
  dateTime: ['DateTime'],
  time: ['Time'],
  string: ['String'],
  text: ['String'],
  url: ['Uri'],
  choice: ['Coding'],
  'open-choice': ['Coding', 'String'],
  attachment: ['Attachment'],
  reference: ['Reference'],
  quantity: ['Quantity'],
};

export const QUESTION_TYPES = Object.keys(KIND_FOR_TYPE) as (keyof typeof KIND_FOR_TYPE)[];
export const isQuestionType = (type: string): type is keyof typeof KIND_FOR_TYPE => Object.hasOwn(KIND_FOR_TYPE, type);

const optionValues = (item: QuestionnaireItem): TypedValue[] =>
  (item.answerOption ?? []).map((o) => wellFormedValue(o, 'value')).filter((v): v is TypedValue => v !== undefined);

/** Allowed datatypes: choice items may offer integer, date, time, string or reference options instead of codings. */
export function allowedKinds(item: QuestionnaireItem): ValueKind[] {
  if (!isQuestionType(item.type)) return [];
  const base = KIND_FOR_TYPE[item.type];
  if (item.type !== 'choice' && item.type !== 'open-choice') return base;
  const offered = optionValues(item).map((v) => v.kind);
  return offered.length > 0 ? [...new Set([...offered, ...(item.type === 'open-choice' ? ['String' as const] : [])])] : base;
}

const describe = (v: TypedValue) => (typeof v.value === 'object' ? JSON.stringify(v.value) : String(v.value));

function optionIssues(item: QuestionnaireItem, answer: TypedValue, path: string): OperationOutcomeIssue[] {
  const options = optionValues(item);
  // open-choice exists precisely so that free text outside the options is acceptable.
  if (options.length === 0 || (item.type === 'open-choice' && answer.kind === 'String')) return [];
  if (options.some((o) => valuesEqual(o, answer))) return [];
  return [errorAt('value', `answer ${describe(answer)} is not one of the answerOptions of item ${item.linkId}`, path)];
}

function valueSetIssues(item: QuestionnaireItem, answer: TypedValue, path: string, valueSets: InlineValueSets): OperationOutcomeIssue[] {
  const id = inlineId(item.answerValueSet);
  if (id === undefined || answer.kind !== 'Coding') return [];
  if (!valueSets.has(id)) return [warningAt('not-found', `item ${item.linkId} names value set #${id}, which the questionnaire does not contain`, path)];
  const codes = valueSets.get(id);
  if (!codes || inSet(codes, answer.value as Coding)) return [];
  return [errorAt('value', `answer ${describe(answer)} is not in value set #${id} of item ${item.linkId}`, path)];
}

function rangeIssues(item: QuestionnaireItem, answer: TypedValue, path: string): OperationOutcomeIssue[] {
  const issues: OperationOutcomeIssue[] = [];
  for (const [url, label, sign] of [[EXT.minValue, 'minimum', -1], [EXT.maxValue, 'maximum', 1]] as const) {
    const limit = extensionValue(item, url);
    if (!limit) continue;
    const order = compareValues(answer, limit);
    const bound = `the ${label} ${describe(limit)}`;
    if (order === undefined) issues.push(warningAt('not-supported', `cannot compare answer ${describe(answer)} with ${bound}`, path));
    else if (Math.sign(order) === sign) issues.push(errorAt('value', `answer ${describe(answer)} is ${sign < 0 ? 'below' : 'above'} ${bound} for item ${item.linkId}`, path));
  }
  return issues;
}

function lengthIssues(item: QuestionnaireItem, answer: TypedValue, path: string): OperationOutcomeIssue[] {
  if (answer.kind !== 'String' && answer.kind !== 'Uri') return [];
  const length = [...(answer.value as string)].length;
  const issues: OperationOutcomeIssue[] = [];
  const minLength = numericExtension(item, EXT.minLength);
  if (typeof item.maxLength === 'number' && length > item.maxLength) {
    issues.push(errorAt('value', `answer is ${length} characters, more than maxLength ${item.maxLength} for item ${item.linkId}`, path));
  }
  if (minLength !== undefined && length < minLength) {
    issues.push(errorAt('value', `answer is ${length} characters, fewer than minLength ${minLength} for item ${item.linkId}`, path));
  }
  return issues;
}

function decimalPlacesIssues(item: QuestionnaireItem, answer: TypedValue, path: string): OperationOutcomeIssue[] {
  const maxPlaces = numericExtension(item, EXT.maxDecimalPlaces);
  if (answer.kind !== 'Decimal' || maxPlaces === undefined) return [];
  // JSON.parse has already dropped trailing zeros, so "1.50" counts as one place: lenient, never wrongly strict.
  const [mantissa, exponent] = String(answer.value).split('e');
  const places = Math.max(0, (mantissa.split('.')[1] ?? '').length - Number(exponent ?? 0));
  return places > maxPlaces ? [errorAt('value', `answer has ${places} decimal places, more than ${maxPlaces} for item ${item.linkId}`, path)] : [];
}

/**
 * Every issue with one answer of a question item. `path` is the answer's own FHIRPath; `valueSets` are the
 * questionnaire's contained value sets (see inlineValueSets).
 */
export function answerIssues(item: QuestionnaireItem, answer: unknown, path: string, valueSets: InlineValueSets = new Map()): OperationOutcomeIssue[] {
  if (typeof answer !== 'object' || answer === null || Array.isArray(answer)) return [errorAt('structure', 'an answer must be a JSON object', path)];
  const read = readValue(answer as Record<string, unknown>, 'value');
  const structure = read.problems.map((p) => errorAt('structure', p, path));
  if (!read.value) {
    const hasChildren = Array.isArray((answer as { item?: unknown }).item);
    return read.keys.length === 0 && !hasChildren ? [errorAt('required', `answer to item ${item.linkId} has no value`, path)] : structure;
  }
  const allowed = allowedKinds(item);
  if (!allowed.includes(read.value.kind)) {
    const expected = allowed.map((k) => `value${k}`).join(' or ');
    return [...structure, errorAt('value', `item ${item.linkId} is of type ${item.type}: answer value${read.value.kind} is the wrong type, expected ${expected}`, path)];
  }
  const format = formatProblem(read.value);
  if (format) return [...structure, errorAt('value', `value${read.value.kind} ${format}`, path)];
  const value = read.value;
  return [
    ...structure,
    ...optionIssues(item, value, path),
    ...valueSetIssues(item, value, path, valueSets),
    ...rangeIssues(item, value, path),
    ...lengthIssues(item, value, path),
    ...decimalPlacesIssues(item, value, path),
    ...attachmentIssues(item, value, path),
    ...quantityIssues(item, value, path),
  ];
}
