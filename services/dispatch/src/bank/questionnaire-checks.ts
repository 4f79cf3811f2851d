import { DomainError, validationError, type Problem } from '@hub/service-kit/errors';
import type { QuestionnaireResource } from './questionnaire.events';

/** FHIR R4 Questionnaire.item.type (required binding). */
const ITEM_TYPES = new Set([
  'group', 'display', 'boolean', 'decimal', 'integer', 'date', 'dateTime', 'time', 'string', 'text', 'url',
  'choice', 'open-choice', 'attachment', 'reference', 'quantity',
]);

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isNonEmptyString = (v: unknown): v is string => typeof v === 'string' && v.trim().length > 0;

export function isQuestionnaire(body: unknown): body is QuestionnaireResource {
  return isObject(body) && body.resourceType === 'Questionnaire';
}

function itemProblems(items: unknown[], path: string, seen: Set<string>): Problem[] {
  const problems: Problem[] = [];
  items.forEach((item, i) => {
    const at = `${path}[${i}]`;
    if (!isObject(item)) return void problems.push({ location: at, message: 'item must be an object' });
    if (!isNonEmptyString(item.linkId)) problems.push({ location: `${at}.linkId`, message: 'linkId is required' });
    else if (seen.has(item.linkId)) problems.push({ location: `${at}.linkId`, message: `linkId '${item.linkId}' is used twice` });
    else seen.add(item.linkId);
    if (typeof item.type !== 'string' || !ITEM_TYPES.has(item.type)) problems.push({ location: `${at}.type`, message: `type must be one of ${[...ITEM_TYPES].join(', ')}` });
    if (item.item !== undefined) {
      if (Array.isArray(item.item)) problems.push(...itemProblems(item.item, `${at}.item`, seen));
      else problems.push({ location: `${at}.item`, message: 'item must be an array' });
    }
  });
  return problems;
}

/**
 * Every reason the resource cannot enter the bank, or none. `cprLikeAt` is where a CPR-like value was found
 * (the caller runs the messaging privacy guard's scan): the bank is published on a public topic, whose relay
 * would refuse such a value and stall, so it is refused here, at the door.
 */
export function questionnaireProblems(q: QuestionnaireResource, cprLikeAt?: string): Problem[] {
  const problems: Problem[] = [];
  // The stream id and the canonical reference use '|' between url and version: neither may contain it.
  if (!isNonEmptyString(q.url) || /[|\s]/.test(q.url)) problems.push({ location: 'Questionnaire.url', message: 'url is required, without spaces or "|"' });
  if (!isNonEmptyString(q.version) || /[|\s]/.test(q.version)) problems.push({ location: 'Questionnaire.version', message: 'version is required, without spaces or "|"' });
  if (q.status !== 'active') problems.push({ location: 'Questionnaire.status', message: `status must be 'active' to publish (was ${JSON.stringify(q.status ?? null)})` });
  if (!Array.isArray(q.item) || q.item.length === 0) problems.push({ location: 'Questionnaire.item', message: 'item must list at least one item' });
  else problems.push(...itemProblems(q.item, 'Questionnaire.item', new Set()));
  if (cprLikeAt) problems.push({ location: cprLikeAt, message: 'looks like a CPR number; questionnaires are public and must not carry one' });
  return problems;
}

/** Throws the refusal naming every problem: malformed when it is not a Questionnaire at all, else validation. */
export function assertPublishable(body: unknown, cprLikeAt?: string): asserts body is QuestionnaireResource & { url: string; version: string } {
  if (!isQuestionnaire(body)) throw new DomainError('malformed', 'not a Questionnaire', [{ location: 'resourceType', message: 'the body must be a FHIR Questionnaire resource (resourceType "Questionnaire")' }]);
  const problems = questionnaireProblems(body, cprLikeAt);
  if (problems.length > 0) throw validationError('the Questionnaire cannot be published', problems);
}
