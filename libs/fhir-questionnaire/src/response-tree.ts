// Indexes the untrusted response items once: each node knows its questionnaire item, FHIRPath, parent and
// document order, which enableWhen needs to find the "nearest" answer and the walk needs to report issues.
import type { QuestionnaireItem } from './fhir.types';
import { errorAt, type OperationOutcomeIssue } from './operation-outcome';

/** Response items under one container: the item's own `item` list, or one answer's `item` list. */
export interface ChildLevel {
  container: 'item' | { answer: number };
  nodes: ResponseNode[];
}

export interface ResponseNode {
  raw: Record<string, unknown>;
  linkId: string | undefined;
  /** Undefined when the linkId is not defined at this nesting level of the questionnaire. */
  qItem: QuestionnaireItem | undefined;
  path: string;
  /** Position in document order (depth-first, item children before answer children as in JSON order). */
  order: number;
  /** Highest order within this node's subtree. */
  lastOrder: number;
  parent: ResponseNode | undefined;
  levels: ChildLevel[];
}

export interface ResponseTree {
  roots: ResponseNode[];
  all: ResponseNode[];
  issues: OperationOutcomeIssue[];
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

interface Builder {
  all: ResponseNode[];
  issues: OperationOutcomeIssue[];
}

function listAt(owner: Record<string, unknown>, key: string, path: string, b: Builder): unknown[] {
  const value = owner[key];
  if (value === undefined) return [];
  if (Array.isArray(value)) return value;
  b.issues.push(errorAt('structure', `${key} must be an array`, `${path}.${key}`));
  return [];
}

function buildLevel(raws: unknown[], qItems: QuestionnaireItem[], basePath: string, parent: ResponseNode | undefined, b: Builder): ResponseNode[] {
  const nodes: ResponseNode[] = [];
  raws.forEach((raw, index) => {
    const path = `${basePath}[${index}]`;
    if (!isRecord(raw)) {
      b.issues.push(errorAt('structure', 'an item must be a JSON object', path));
      return;
    }
    const linkId = typeof raw.linkId === 'string' ? raw.linkId : undefined;
    if (linkId === undefined) b.issues.push(errorAt('required', 'item.linkId is required', `${path}.linkId`));
    const qItem = linkId === undefined ? undefined : qItems.find((q) => q.linkId === linkId);
    const node: ResponseNode = { raw, linkId, qItem, path, order: b.all.length, lastOrder: b.all.length, parent, levels: [] };
    b.all.push(node);
    nodes.push(node);
    buildChildren(node, b);
    node.lastOrder = b.all.length - 1;
  });
  return nodes;
}

function buildChildren(node: ResponseNode, b: Builder): void {
  const childQItems = node.qItem?.item ?? [];
  const items = listAt(node.raw, 'item', node.path, b);
  if (items.length > 0) node.levels.push({ container: 'item', nodes: buildLevel(items, childQItems, `${node.path}.item`, node, b) });
  listAt(node.raw, 'answer', node.path, b).forEach((answer, a) => {
    if (!isRecord(answer)) return; // reported by the answer checks
    const answerPath = `${node.path}.answer[${a}]`;
    const children = listAt(answer, 'item', answerPath, b);
    node.levels.push({ container: { answer: a }, nodes: buildLevel(children, childQItems, `${answerPath}.item`, node, b) });
  });
}

/** Indexes `response.item` against the questionnaire's items. */
export function buildResponseTree(response: Record<string, unknown>, questionnaireItems: QuestionnaireItem[]): ResponseTree {
  const b: Builder = { all: [], issues: [] };
  const roots = buildLevel(listAt(response, 'item', 'QuestionnaireResponse', b), questionnaireItems, 'QuestionnaireResponse.item', undefined, b);
  return { roots, all: b.all, issues: b.issues };
}

/** The answers array of a response item, or [] when absent or malformed. */
export const answersOf = (node: ResponseNode): unknown[] => (Array.isArray(node.raw.answer) ? node.raw.answer : []);

/** The children of a node in one container, e.g. the item children of a group. */
export function levelOf(node: ResponseNode, container: ChildLevel['container']): ResponseNode[] {
  const match = node.levels.find((l) => (container === 'item' ? l.container === 'item' : typeof l.container === 'object' && l.container.answer === container.answer));
  return match?.nodes ?? [];
}
