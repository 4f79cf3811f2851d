// Walks the response tree level by level against the questionnaire: linkIds, nesting, order, repetition,
// enablement, required items, and each answer.
import { answerIssues, isQuestionType } from './answer-checks';
import type { Enablement } from './enable-when';
import { EXPRESSION_EXTENSIONS, extensionsOf } from './extensions';
import type { QuestionnaireItem } from './fhir.types';
import { errorAt, informationAt, warningAt, type OperationOutcomeIssue } from './operation-outcome';
import { answersOf, levelOf, type ResponseNode } from './response-tree';
import { inlineId, type InlineValueSets } from './value-sets';

export interface WalkContext {
  enablement: Enablement;
  /** R4 only demands required items of a finished (completed or amended) response. */
  demandRequired: boolean;
  /** Where each linkId is defined in the questionnaire, to explain wrongly nested items. */
  definedAt: Map<string, string>;
  /** The questionnaire's contained value sets, for answerValueSet "#id". */
  valueSets: InlineValueSets;
  issues: OperationOutcomeIssue[];
}

/** Whether a response item carries any answer, itself or below. */
export function hasContent(node: ResponseNode): boolean {
  return answersOf(node).length > 0 || node.levels.some((l) => l.nodes.some(hasContent));
}

function unknownItemIssue(ctx: WalkContext, node: ResponseNode): OperationOutcomeIssue {
  const linkId = node.linkId ?? '';
  const elsewhere = ctx.definedAt.get(linkId);
  if (elsewhere) return errorAt('structure', `item ${linkId} is nested at the wrong level: the questionnaire defines it at ${elsewhere}`, node.path);
  return errorAt('not-found', `linkId ${linkId} is not defined in the questionnaire`, node.path);
}

function orderAndRepeatIssues(nodes: ResponseNode[], qItems: QuestionnaireItem[]): OperationOutcomeIssue[] {
  const issues: OperationOutcomeIssue[] = [];
  let furthest = -1;
  const seen = new Set<string>();
  for (const node of nodes) {
    if (!node.qItem) continue;
    const index = qItems.indexOf(node.qItem);
    if (index < furthest) issues.push(errorAt('structure', `item ${node.qItem.linkId} is out of order: the questionnaire puts it before ${qItems[furthest].linkId}`, node.path));
    furthest = Math.max(furthest, index);
    const repeatableGroup = node.qItem.type === 'group' && node.qItem.repeats === true;
    if (seen.has(node.qItem.linkId) && !repeatableGroup) {
      const why = node.qItem.type === 'group' ? 'the group does not repeat' : 'repeated answers belong in one item';
      issues.push(errorAt('structure', `item ${node.qItem.linkId} appears more than once: ${why}`, node.path));
    }
    seen.add(node.qItem.linkId);
  }
  return issues;
}

function requiredIssues(ctx: WalkContext, nodes: ResponseNode[], qItems: QuestionnaireItem[], parent: ResponseNode | undefined, levelPath: string): OperationOutcomeIssue[] {
  const issues: OperationOutcomeIssue[] = [];
  for (const qItem of qItems) {
    if (qItem.required !== true || qItem.type === 'display') continue;
    const present = nodes.filter((n) => n.qItem === qItem);
    if (present.some(hasContent)) continue;
    const enabled = present.length > 0 ? present.some((n) => ctx.enablement.isEnabled(n)) : ctx.enablement.isEnabledUnder(qItem, parent);
    if (!enabled) continue;
    const where = present[0]?.path ?? levelPath;
    const message = `required item ${qItem.linkId} is not answered`;
    issues.push(ctx.demandRequired ? errorAt('required', message, where) : informationAt('required', `${message} (acceptable while the response is not completed)`, where));
  }
  return issues;
}

/** Checks one level of sibling response items against the questionnaire items defined at that level. */
export function checkLevel(ctx: WalkContext, nodes: ResponseNode[], qItems: QuestionnaireItem[], parent: ResponseNode | undefined, levelPath: string): void {
  for (const node of nodes) {
    if (node.linkId === undefined) continue; // reported while building the tree
    if (!node.qItem) ctx.issues.push(unknownItemIssue(ctx, node));
    else checkNode(ctx, node, node.qItem);
  }
  ctx.issues.push(...orderAndRepeatIssues(nodes, qItems), ...requiredIssues(ctx, nodes, qItems, parent, levelPath));
}

/** Whether the item's answerValueSet is contained and enumerates its codes, so membership was checked. */
function isCheckableValueSet(ctx: WalkContext, qItem: QuestionnaireItem): boolean {
  const id = inlineId(qItem.answerValueSet);
  return id !== undefined && ctx.valueSets.get(id) !== undefined;
}

function unverifiableIssues(ctx: WalkContext, qItem: QuestionnaireItem, node: ResponseNode): OperationOutcomeIssue[] {
  const issues = Object.entries(EXPRESSION_EXTENSIONS)
    .filter(([url]) => extensionsOf(qItem, url).length > 0)
    .map(([, name]) => warningAt('not-supported', `item ${qItem.linkId} has a ${name}; FHIRPath expressions are not evaluated here`, node.path));
  if (qItem.answerValueSet && answersOf(node).length > 0 && !isCheckableValueSet(ctx, qItem)) {
    issues.push(warningAt('not-supported', `answers to item ${qItem.linkId} were not checked against value set ${qItem.answerValueSet}: that needs a terminology server`, node.path));
  }
  return issues;
}

function checkNode(ctx: WalkContext, node: ResponseNode, qItem: QuestionnaireItem): void {
  if (!ctx.enablement.isEnabled(node)) {
    if (hasContent(node)) ctx.issues.push(errorAt('business-rule', `answer given to a disabled item ${qItem.linkId}: its enableWhen conditions are not met`, node.path));
    return;
  }
  ctx.issues.push(...unverifiableIssues(ctx, qItem, node));
  if (qItem.type === 'group') return checkGroup(ctx, node, qItem);
  if (qItem.type === 'display') return checkDisplay(ctx, node, qItem);
  if (!isQuestionType(qItem.type)) {
    const why = qItem.type === 'question' ? ' (question is abstract)' : '';
    ctx.issues.push(errorAt('invalid', `item ${qItem.linkId} has type '${qItem.type}', which is not a valid R4 item type${why}`, node.path));
    return;
  }
  checkQuestion(ctx, node, qItem);
}

function checkGroup(ctx: WalkContext, node: ResponseNode, qItem: QuestionnaireItem): void {
  if (answersOf(node).length > 0) {
    ctx.issues.push(errorAt('structure', `group item ${qItem.linkId} must not have answers: its child items belong in item, not answer`, `${node.path}.answer`));
  }
  checkLevel(ctx, levelOf(node, 'item'), qItem.item ?? [], node, node.path);
}

function checkDisplay(ctx: WalkContext, node: ResponseNode, qItem: QuestionnaireItem): void {
  if (answersOf(node).length > 0) ctx.issues.push(errorAt('structure', `display item ${qItem.linkId} must not have answers`, `${node.path}.answer`));
  if (levelOf(node, 'item').length > 0) ctx.issues.push(errorAt('structure', `display item ${qItem.linkId} must not have child items`, `${node.path}.item`));
}

function checkQuestion(ctx: WalkContext, node: ResponseNode, qItem: QuestionnaireItem): void {
  const answers = answersOf(node);
  if (levelOf(node, 'item').length > 0) {
    ctx.issues.push(errorAt('structure', `child items of question ${qItem.linkId} belong under answer.item, not item`, `${node.path}.item`));
  }
  if (answers.length > 1 && qItem.repeats !== true) {
    ctx.issues.push(errorAt('structure', `item ${qItem.linkId} does not repeat but has ${answers.length} answers`, `${node.path}.answer`));
  }
  answers.forEach((answer, a) => {
    const answerPath = `${node.path}.answer[${a}]`;
    ctx.issues.push(...answerIssues(qItem, answer, answerPath, ctx.valueSets));
    if (qItem.item?.length || levelOf(node, { answer: a }).length > 0) {
      checkLevel(ctx, levelOf(node, { answer: a }), qItem.item ?? [], node, answerPath);
    }
  });
}
