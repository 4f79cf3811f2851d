// Whether a package can enter the bank: its shape, its FHIRPath, and that every linkId, option and score it
// names exists. A package that named a missing item would silently never fire, so it is refused instead.
import { parseProblem } from './fhirpath-engine';
import type { AnswerColourRule, ProPackage } from './package.types';

export interface PackageProblem {
  location: string;
  message: string;
}

interface QuestionnaireItemLike {
  linkId: string;
  type: string;
  item?: QuestionnaireItemLike[];
  answerOption?: { valueCoding?: { system?: string; code?: string } }[];
}

/** The questionnaire version a package is checked against: only what the checks read. */
export interface QuestionnaireLike {
  url?: string;
  version?: string;
  item?: QuestionnaireItemLike[];
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isToken = (v: unknown): v is string => typeof v === 'string' && /^[^\s|]+$/.test(v);
const isWholeDays = (v: unknown) => Number.isInteger(v) && (v as number) > 0;

function itemsById(items: QuestionnaireItemLike[] = [], into = new Map<string, QuestionnaireItemLike>()): Map<string, QuestionnaireItemLike> {
  for (const item of items) {
    into.set(item.linkId, item);
    itemsById(item.item, into);
  }
  return into;
}

function shapeProblems(p: Record<string, unknown>): PackageProblem[] {
  const problems: PackageProblem[] = [];
  if (!isToken(p.id)) problems.push({ location: 'id', message: 'id is required, without spaces or "|"' });
  if (!isToken(p.version)) problems.push({ location: 'version', message: 'version is required, without spaces or "|"' });
  const q = p.questionnaire as Record<string, unknown> | undefined;
  if (!isObject(q) || !isToken(q.url) || !isToken(q.version)) problems.push({ location: 'questionnaire', message: 'questionnaire must be { url, version }' });
  if (!Array.isArray(p.scoring)) problems.push({ location: 'scoring', message: 'scoring must be an array' });
  const t = p.triage as Record<string, unknown> | undefined;
  if (!isObject(t) || !Array.isArray(t.answerColours) || !Array.isArray(t.scoreThresholds)) problems.push({ location: 'triage', message: 'triage needs answerColours and scoreThresholds arrays' });
  const s = p.schedule as Record<string, unknown> | undefined;
  if (!isObject(s) || !isWholeDays(s.reminderAfterDays) || !isWholeDays(s.expiresAfterDays) || (s.intervalDays !== undefined && !isWholeDays(s.intervalDays))) {
    problems.push({ location: 'schedule', message: 'schedule needs reminderAfterDays and expiresAfterDays (and optional intervalDays) as positive whole days' });
  }
  return problems;
}

function scoringProblems(pkg: ProPackage, items: Map<string, QuestionnaireItemLike>): PackageProblem[] {
  const problems: PackageProblem[] = [];
  const names = new Set<string>();
  pkg.scoring.forEach((rule, i) => {
    const at = `scoring[${i}]`;
    if (names.has(rule.name)) problems.push({ location: `${at}.name`, message: `score ${rule.name} is defined twice` });
    names.add(rule.name);
    const parse = parseProblem(rule.expression);
    if (parse) problems.push({ location: `${at}.expression`, message: `FHIRPath does not parse: ${parse}` });
    for (const linkId of rule.reads?.linkIds ?? []) if (!items.has(linkId)) problems.push({ location: `${at}.reads`, message: `reads ${linkId}, which the questionnaire does not define` });
    const froms = (rule.bands ?? []).map((b) => b.from);
    if (froms.some((f, k) => k > 0 && f <= froms[k - 1])) problems.push({ location: `${at}.bands`, message: 'bands must ascend by from' });
  });
  return problems;
}

function answerColourProblems(rule: AnswerColourRule, at: string, items: Map<string, QuestionnaireItemLike>): PackageProblem[] {
  const problems: PackageProblem[] = [];
  if (rule.options === undefined && rule.atLeast === undefined) problems.push({ location: at, message: 'an answer colour needs options or atLeast' });
  for (const linkId of rule.linkIds) {
    const item = items.get(linkId);
    if (!item) {
      problems.push({ location: `${at}.linkIds`, message: `${linkId} is not defined in the questionnaire` });
      continue;
    }
    const offered = (item.answerOption ?? []).map((o) => o.valueCoding);
    for (const o of rule.options ?? []) {
      if (!offered.some((c) => c?.system === o.system && c?.code === o.code)) problems.push({ location: `${at}.options`, message: `${o.system}|${o.code} is not an option of ${linkId}` });
    }
  }
  return problems;
}

function triageProblems(pkg: ProPackage, items: Map<string, QuestionnaireItemLike>): PackageProblem[] {
  const problems: PackageProblem[] = [];
  const { contactMe, answerColours, scoreThresholds } = pkg.triage;
  if (contactMe !== undefined && items.get(contactMe)?.type !== 'boolean') problems.push({ location: 'triage.contactMe', message: `${contactMe} must be a boolean item of the questionnaire` });
  answerColours.forEach((rule, i) => problems.push(...answerColourProblems(rule, `triage.answerColours[${i}]`, items)));
  scoreThresholds.forEach((rule, i) => {
    if (!pkg.scoring.some((s) => s.name === rule.score)) problems.push({ location: `triage.scoreThresholds[${i}].score`, message: `no score named ${rule.score}` });
    if (rule.atLeast === undefined && rule.atMost === undefined) problems.push({ location: `triage.scoreThresholds[${i}]`, message: 'a threshold needs atLeast or atMost' });
  });
  return problems;
}

/**
 * Every reason a package cannot be published against this questionnaire version, or none. Pass the
 * questionnaire the package names; `undefined` means it is not in the bank, which is itself a problem.
 */
export function packageProblems(candidate: unknown, questionnaire: QuestionnaireLike | undefined): PackageProblem[] {
  if (!isObject(candidate)) return [{ location: '', message: 'a package must be a JSON object' }];
  const shape = shapeProblems(candidate);
  if (shape.length > 0) return shape;
  const pkg = candidate as unknown as ProPackage;
  const { url, version } = pkg.questionnaire;
  if (!questionnaire) return [{ location: 'questionnaire', message: `questionnaire ${url}|${version} is not in the bank` }];
  if (questionnaire.url !== url || questionnaire.version !== version) return [{ location: 'questionnaire', message: `the package names ${url}|${version}, not ${questionnaire.url}|${questionnaire.version}` }];
  const items = itemsById(questionnaire.item);
  return [...scoringProblems(pkg, items), ...triageProblems(pkg, items)];
}
