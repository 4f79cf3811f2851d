// Entry point: the resource-level rules (resourceType, status, the questionnaire it answers), then the walk.
import { compareTemporal } from './answer-value';
import { formatCanonical, parseCanonical } from './canonical';
import { createEnablement } from './enable-when';
import { EXPRESSION_EXTENSIONS, extensionsOf } from './extensions';
import type { Questionnaire, QuestionnaireItem, QuestionnaireResponseStatus } from './fhir.types';
import { checkLevel } from './item-walk';
import { errorAt, warningAt, type OperationOutcomeIssue } from './operation-outcome';
import { questionnaireDefects } from './questionnaire-checks';
import { buildResponseTree } from './response-tree';
import { inlineValueSets } from './value-sets';

const STATUSES: readonly QuestionnaireResponseStatus[] = ['in-progress', 'completed', 'amended', 'entered-in-error', 'stopped'];
const FINISHED: readonly string[] = ['completed', 'amended'];
const ROOT = 'QuestionnaireResponse';

function statusIssues(status: unknown): OperationOutcomeIssue[] {
  if (status === undefined) return [errorAt('required', 'status is required', `${ROOT}.status`)];
  if (typeof status === 'string' && (STATUSES as readonly string[]).includes(status)) return [];
  return [errorAt('value', `status ${JSON.stringify(status)} is not one of ${STATUSES.join(', ')}`, `${ROOT}.status`)];
}

/** The response must name the very questionnaire (and version, when it pins one) it is validated against. */
function canonicalIssues(reference: unknown, questionnaire: Questionnaire | undefined): OperationOutcomeIssue[] {
  const path = `${ROOT}.questionnaire`;
  if (reference === undefined) return [errorAt('required', 'questionnaire is required: the response must name the questionnaire it answers', path)];
  if (typeof reference !== 'string' || reference.length === 0) return [errorAt('value', 'questionnaire must be a canonical url, optionally url|version', path)];
  if (!questionnaire) return [errorAt('not-found', `questionnaire ${reference} could not be resolved, so the answers cannot be validated`, path)];
  const wanted = parseCanonical(reference);
  if (wanted.url !== questionnaire.url) {
    return [errorAt('invalid', `the response answers ${wanted.url} but was validated against ${formatCanonical({ url: questionnaire.url })}`, path)];
  }
  if (wanted.version !== undefined && wanted.version !== questionnaire.version) {
    const actual = questionnaire.version ?? '(no version)';
    return [errorAt('invalid', `version mismatch: the response answers ${formatCanonical(wanted)} but the questionnaire is version ${actual}`, path)];
  }
  return [];
}

/** Warnings about the questionnaire's own lifecycle; they never make the response invalid. */
function lifecycleIssues(questionnaire: Questionnaire, authored: unknown): OperationOutcomeIssue[] {
  const issues: OperationOutcomeIssue[] = [];
  const path = `${ROOT}.questionnaire`;
  if (questionnaire.status === 'retired') issues.push(warningAt('business-rule', `questionnaire ${formatCanonical(questionnaire)} is retired`, path));
  const { start, end } = questionnaire.effectivePeriod ?? {};
  if (typeof authored === 'string') {
    const authoredPath = `${ROOT}.authored`;
    if (end && (compareTemporal(authored, end) ?? 0) > 0) {
      issues.push(warningAt('business-rule', `the response was authored ${authored}, after the questionnaire's effective period ended ${end}`, authoredPath));
    }
    if (start && (compareTemporal(authored, start) ?? 0) < 0) {
      issues.push(warningAt('business-rule', `the response was authored ${authored}, before the questionnaire's effective period started ${start}`, authoredPath));
    }
  }
  for (const [url, name] of Object.entries(EXPRESSION_EXTENSIONS)) {
    if (extensionsOf(questionnaire, url).length > 0) issues.push(warningAt('not-supported', `the questionnaire has a ${name}; FHIRPath expressions are not evaluated here`, ROOT));
  }
  return issues;
}

/** Where each linkId is defined, as a FHIRPath into the questionnaire. */
function definitionPaths(items: QuestionnaireItem[], base = 'Questionnaire', into = new Map<string, string>()): Map<string, string> {
  items.forEach((item, i) => {
    const path = `${base}.item[${i}]`;
    if (!into.has(item.linkId)) into.set(item.linkId, path);
    definitionPaths(item.item ?? [], path, into);
  });
  return into;
}

function itemIssues(response: Record<string, unknown>, questionnaire: Questionnaire): OperationOutcomeIssue[] {
  const items = questionnaire.item ?? [];
  const tree = buildResponseTree(response, items);
  const definedAt = definitionPaths(items);
  const issues = [...questionnaireDefects(items, definedAt), ...tree.issues];
  const ctx = { enablement: createEnablement(tree.all), demandRequired: FINISHED.includes(String(response.status)), definedAt, valueSets: inlineValueSets(questionnaire), issues };
  checkLevel(ctx, tree.roots, items, undefined, ROOT);
  return issues;
}

/**
 * Validates a FHIR R4 QuestionnaireResponse against the exact Questionnaire (version) it references and
 * returns every issue found, not just the first. An empty result, or one with only warnings and
 * information, means the response is valid (see {@link isValid}).
 *
 * Pass `undefined` when the referenced questionnaire cannot be resolved: the response is then invalid.
 * Membership of an answerValueSet is checked when it names a contained ValueSet that enumerates its codes;
 * other value sets (they need a terminology server) and FHIRPath-based extensions are reported as warnings.
 */
export function validateQuestionnaireResponse(response: unknown, questionnaire: Questionnaire | undefined): OperationOutcomeIssue[] {
  if (typeof response !== 'object' || response === null || Array.isArray(response)) {
    return [{ severity: 'fatal', code: 'structure', diagnostics: 'a QuestionnaireResponse must be a JSON object', expression: [ROOT] }];
  }
  const qr = response as Record<string, unknown>;
  if (qr.resourceType !== 'QuestionnaireResponse') {
    const diagnostics = `resourceType must be QuestionnaireResponse, got ${JSON.stringify(qr.resourceType)}`;
    return [{ severity: 'fatal', code: 'structure', diagnostics, expression: [`${ROOT}.resourceType`] }];
  }
  const issues = [...statusIssues(qr.status), ...canonicalIssues(qr.questionnaire, questionnaire)];
  if (!questionnaire) {
    if (qr.questionnaire === undefined) issues.push(errorAt('not-found', 'no questionnaire was supplied to validate the answers against', ROOT));
    return issues;
  }
  return [...issues, ...lifecycleIssues(questionnaire, qr.authored), ...itemIssues(qr, questionnaire)];
}
