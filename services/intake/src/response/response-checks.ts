import { isValid, parseCanonical, validateQuestionnaireResponse, type Questionnaire } from '@hub/fhir-questionnaire';
import type { OutcomeIssue } from '@hub/service-kit/errors';
import type { DispatchFacts } from '../references/reference-tables';
import { responseModeIssues } from './response-mode';

/** The parts of a QuestionnaireResponse that tie it to a dispatch, a patient and a questionnaire version. */
export interface ResponseLinks {
  dispatchId?: string;
  patientId?: string;
  questionnaire?: { url: string; version?: string };
  identifier?: { system?: string; value?: string };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// in-progress and stopped responses are not submitted to the hub: only finished answers are judged and scored.
const ACCEPTED_STATUSES = ['completed', 'amended', 'entered-in-error'];

const issue = (code: string, diagnostics: string, expression: string): OutcomeIssue => ({ severity: 'error', code, diagnostics, expression: [expression] });

function referencedId(ref: unknown, resourceType: string): string | undefined {
  const reference = (ref as { reference?: unknown } | undefined)?.reference;
  if (typeof reference !== 'string') return undefined;
  const [type, id] = reference.split('/');
  return type === resourceType && id && UUID.test(id) ? id.toLowerCase() : undefined;
}

/** Whether the body is a QuestionnaireResponse at all; anything else is refused before any other check. */
export function isQuestionnaireResponse(body: unknown): body is Record<string, unknown> {
  return typeof body === 'object' && body !== null && !Array.isArray(body) && (body as { resourceType?: unknown }).resourceType === 'QuestionnaireResponse';
}

export function linksOf(qr: Record<string, unknown>): ResponseLinks {
  const basedOn = Array.isArray(qr.basedOn) ? qr.basedOn : [];
  const identifier = qr.identifier as ResponseLinks['identifier'];
  return {
    dispatchId: basedOn.length === 1 ? referencedId(basedOn[0], 'ServiceRequest') : undefined,
    patientId: referencedId(qr.subject, 'Patient'),
    questionnaire: typeof qr.questionnaire === 'string' ? parseCanonical(qr.questionnaire) : undefined,
    identifier: identifier && typeof identifier === 'object' ? identifier : undefined,
  };
}

/** Problems with how the response names its dispatch, patient and questionnaire. */
function linkIssues(qr: Record<string, unknown>, links: ResponseLinks): OutcomeIssue[] {
  const issues: OutcomeIssue[] = [];
  if (!ACCEPTED_STATUSES.includes(String(qr.status))) issues.push(issue('value', `status must be one of ${ACCEPTED_STATUSES.join(', ')}`, 'QuestionnaireResponse.status'));
  if (!links.dispatchId) issues.push(issue('required', 'basedOn must hold exactly one reference ServiceRequest/<dispatch id>', 'QuestionnaireResponse.basedOn'));
  if (!links.patientId) issues.push(issue('required', 'subject must reference Patient/<patient id>', 'QuestionnaireResponse.subject'));
  if (!links.questionnaire?.version) issues.push(issue('required', 'questionnaire must be a versioned canonical, url|version', 'QuestionnaireResponse.questionnaire'));
  if (links.identifier && (typeof links.identifier.system !== 'string' || typeof links.identifier.value !== 'string')) {
    issues.push(issue('value', 'identifier needs both system and value', 'QuestionnaireResponse.identifier'));
  }
  return issues;
}

/** Problems with the response against the dispatch it answers. */
function dispatchIssues(links: ResponseLinks, dispatch: DispatchFacts | undefined): OutcomeIssue[] {
  if (!links.dispatchId) return [];
  if (!dispatch) return [issue('not-found', `no dispatch ${links.dispatchId} is known`, 'QuestionnaireResponse.basedOn[0]')];
  const issues: OutcomeIssue[] = [];
  // Never echo the other patient's id: the caller may not be entitled to it.
  if (links.patientId && links.patientId !== dispatch.patientId) issues.push(issue('business-rule', 'the dispatch belongs to another patient', 'QuestionnaireResponse.subject'));
  const ordered = `${dispatch.questionnaire.url}|${dispatch.questionnaire.version}`;
  const given = links.questionnaire ? `${links.questionnaire.url}|${links.questionnaire.version ?? ''}` : '';
  if (links.questionnaire?.version && given !== ordered) {
    issues.push(issue('business-rule', `the dispatch ordered ${ordered}, the response answers ${given}`, 'QuestionnaireResponse.questionnaire'));
  }
  return issues;
}

/** What intake knows about the questionnaire version a response names. */
export interface QuestionnaireKnowledge {
  questionnaire: Questionnaire | undefined;
  retired: boolean;
}

/**
 * Every issue with a QuestionnaireResponse, gathered at once: its links, its dispatch, who answered, and (unless
 * `answers` is false, as when a response is only being marked entered-in-error) its answers validated against
 * the exact questionnaire version it names.
 */
export function responseIssues(qr: Record<string, unknown>, dispatch: DispatchFacts | undefined, known: QuestionnaireKnowledge, answers = true): OutcomeIssue[] {
  const links = linksOf(qr);
  const subject = links.patientId ? `Patient/${links.patientId}` : undefined;
  const issues = [...linkIssues(qr, links), ...dispatchIssues(links, dispatch), ...responseModeIssues(qr, subject)];
  if (!links.questionnaire?.version) return issues;
  const canonical = `${links.questionnaire.url}|${links.questionnaire.version}`;
  if (known.retired) issues.push(issue('business-rule', `questionnaire ${canonical} is retired; responses to it are no longer accepted`, 'QuestionnaireResponse.questionnaire'));
  if (!known.questionnaire) issues.push(issue('not-found', `questionnaire ${canonical} is not in the bank`, 'QuestionnaireResponse.questionnaire'));
  else if (answers) issues.push(...(validateQuestionnaireResponse(qr, known.questionnaire) as OutcomeIssue[]));
  return issues;
}

export const hasErrors = (issues: OutcomeIssue[]) => !isValid(issues);
