// Defects in the questionnaire itself that change how its enableWhen logic reads. They are the author's
// problem, not the respondent's, so they are warnings: the response is still judged as best we can.
import type { QuestionnaireItem } from './fhir.types';
import { warningAt, type OperationOutcomeIssue } from './operation-outcome';

function itemDefects(item: QuestionnaireItem, path: string, linkIds: Set<string>): OperationOutcomeIssue[] {
  const conditions = Array.isArray(item.enableWhen) ? item.enableWhen : [];
  const issues: OperationOutcomeIssue[] = [];
  if (conditions.length > 1 && item.enableBehavior === undefined) {
    issues.push(warningAt('invalid', `item ${item.linkId} has several enableWhen conditions but no enableBehavior; they are read as 'all'`, path));
  }
  conditions.forEach((c, i) => {
    if (!linkIds.has(c.question)) {
      issues.push(warningAt('not-found', `enableWhen of item ${item.linkId} refers to ${c.question}, which the questionnaire does not define; it counts as unanswered`, `${path}.enableWhen[${i}]`));
    }
  });
  return issues;
}

/** Warnings about enableWhen definitions; `definedAt` maps every linkId to its questionnaire path. */
export function questionnaireDefects(items: QuestionnaireItem[], definedAt: Map<string, string>, base = 'Questionnaire'): OperationOutcomeIssue[] {
  const linkIds = new Set(definedAt.keys());
  return items.flatMap((item, i) => {
    const path = `${base}.item[${i}]`;
    return [...itemDefects(item, path, linkIds), ...questionnaireDefects(item.item ?? [], definedAt, path)];
  });
}
