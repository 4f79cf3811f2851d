// enableWhen evaluation with R4 semantics (https://hl7.org/fhir/R4/questionnaire-definitions.html#Questionnaire.item.enableWhen):
// the referenced question is the nearest occurrence (ancestors, then preceding, then following items), and
// a disabled question counts as unanswered, so enablement is computed recursively.
import { compareValues, wellFormedValue, type TypedValue } from './answer-value';
import type { QuestionnaireEnableWhen, QuestionnaireItem } from './fhir.types';
import { answersOf, type ResponseNode } from './response-tree';

/** Where an enableWhen is evaluated from: the item's ancestors (nearest first) and its document position. */
interface Position {
  ancestors: ResponseNode[];
  order: number;
}

export interface Enablement {
  /** Whether a present response item is enabled (its ancestors included). */
  isEnabled(node: ResponseNode): boolean;
  /** Whether an item that is absent under `parent` (undefined = top level) would be enabled. */
  isEnabledUnder(qItem: QuestionnaireItem, parent: ResponseNode | undefined): boolean;
}

function ancestorsOf(node: ResponseNode | undefined): ResponseNode[] {
  const chain: ResponseNode[] = [];
  for (let n = node; n; n = n.parent) chain.push(n);
  return chain;
}

/** The nearest occurrence of `linkId` seen from `at`, per the R4 enableWhen.question rule. */
export function nearestOccurrence(all: ResponseNode[], linkId: string, at: Position): ResponseNode | undefined {
  const ancestor = at.ancestors.find((n) => n.linkId === linkId);
  if (ancestor) return ancestor;
  const candidates = all.filter((n) => n.linkId === linkId);
  const preceding = candidates.filter((n) => n.order < at.order);
  if (preceding.length > 0) return preceding[preceding.length - 1];
  return candidates.find((n) => n.order > at.order);
}

/** Applies one operator to the question's answers (definitions from the questionnaire-enable-operator code system). */
export function operatorHolds(condition: QuestionnaireEnableWhen, answers: TypedValue[]): boolean {
  if (condition.operator === 'exists') return condition.answerBoolean === answers.length > 0;
  const expected = wellFormedValue(condition, 'answer');
  if (!expected) return false;
  const orders = answers.map((a) => compareValues(a, expected));
  switch (condition.operator) {
    case '=':
      return orders.some((o) => o === 0);
    case '!=':
      return !orders.some((o) => o === 0);
    case '>':
      return orders.some((o) => o !== undefined && o > 0);
    case '<':
      return orders.some((o) => o !== undefined && o < 0);
    case '>=':
      return orders.some((o) => o !== undefined && o >= 0);
    case '<=':
      return orders.some((o) => o !== undefined && o <= 0);
    default: {
      // An unknown operator in a stored questionnaire cannot enable anything.
      const _exhaustive: never = condition.operator;
      void _exhaustive;
      return false;
    }
  }
}

/** Builds the enablement oracle for one response; results are memoised per node. */
export function createEnablement(all: ResponseNode[]): Enablement {
  const memo = new Map<ResponseNode, boolean>();
  const visiting = new Set<ResponseNode>();

  const answerValues = (node: ResponseNode | undefined): TypedValue[] => {
    // Per R4, logic that depends on a disabled item proceeds as though that item had no value.
    if (!node || !isEnabled(node)) return [];
    return answersOf(node)
      .map((a) => wellFormedValue(a, 'value'))
      .filter((v): v is TypedValue => v !== undefined);
  };

  const conditionsHold = (qItem: QuestionnaireItem, at: Position): boolean => {
    const conditions = Array.isArray(qItem.enableWhen) ? qItem.enableWhen : [];
    if (conditions.length === 0) return true;
    const results = conditions.map((c) => operatorHolds(c, answerValues(nearestOccurrence(all, c.question, at))));
    // R4 requires enableBehavior when there are several conditions; 'all' is the safer reading when it is missing.
    return qItem.enableBehavior === 'any' ? results.some(Boolean) : results.every(Boolean);
  };

  function isEnabled(node: ResponseNode): boolean {
    const known = memo.get(node);
    if (known !== undefined) return known;
    // A dependency cycle is a questionnaire defect; treating the item as disabled stops the recursion.
    if (visiting.has(node)) return false;
    visiting.add(node);
    const parentEnabled = node.parent ? isEnabled(node.parent) : true;
    const enabled = parentEnabled && (!node.qItem || conditionsHold(node.qItem, { ancestors: ancestorsOf(node.parent), order: node.order }));
    visiting.delete(node);
    memo.set(node, enabled);
    return enabled;
  }

  function isEnabledUnder(qItem: QuestionnaireItem, parent: ResponseNode | undefined): boolean {
    if (parent && !isEnabled(parent)) return false;
    // An absent item would sit at the end of its parent, after everything already in that subtree.
    const order = parent ? parent.lastOrder + 0.5 : all.length;
    return conditionsHold(qItem, { ancestors: ancestorsOf(parent), order });
  }

  return { isEnabled, isEnabledUnder };
}
