import { ANSWER_VALUES, evaluate } from './fhirpath-engine';
import type { AnswerColourRule, ProPackage, Score, ScoreThresholdRule, TriageColour, TriageReason, TriageResult } from './package.types';

const RANK: Record<TriageColour, number> = { green: 0, yellow: 1, red: 2 };

const answersTo = (response: unknown, linkId: string): unknown[] => evaluate(response, ANSWER_VALUES, { linkId });

const isCoding = (v: unknown): v is { system?: unknown; code?: unknown } => typeof v === 'object' && v !== null && 'code' in v;

function answerMatches(rule: AnswerColourRule, value: unknown): boolean {
  if (typeof value === 'number') return rule.atLeast !== undefined && value >= rule.atLeast;
  if (!isCoding(value)) return false;
  return (rule.options ?? []).some((o) => o.code === value.code && o.system === value.system);
}

function answerReasons(rules: AnswerColourRule[], response: unknown): TriageReason[] {
  return rules
    .filter((rule) => rule.linkIds.some((linkId) => answersTo(response, linkId).some((v) => answerMatches(rule, v))))
    .map((rule) => ({ rule: rule.id, colour: rule.colour, text: rule.reason }));
}

function thresholdHolds(rule: ScoreThresholdRule, scores: Score[]): boolean {
  const score = scores.find((s) => s.name === rule.score);
  if (!score) return false;
  return (rule.atLeast === undefined || score.value >= rule.atLeast) && (rule.atMost === undefined || score.value <= rule.atMost);
}

/** The rules of one colour shadow nothing: every matching rule is a reason, and the worst colour wins. */
function worst(reasons: TriageReason[]): TriageColour {
  return reasons.reduce<TriageColour>((colour, r) => (RANK[r.colour] > RANK[colour] ? r.colour : colour), 'green');
}

/**
 * Red, yellow or green for one response: answer colours, score thresholds, and the "please contact me" item,
 * which is red whatever else the answers say (a patient asking to be called must never sit in a green list).
 * Every rule that fired is returned as a reason. Reason texts come from the package, never from the response,
 * so they carry no free text the patient wrote.
 */
export function triage(pkg: ProPackage, response: unknown, scores: Score[]): TriageResult {
  const reasons: TriageReason[] = [];
  const { contactMe } = pkg.triage;
  if (contactMe && answersTo(response, contactMe).some((v) => v === true)) {
    reasons.push({ rule: 'contact-me', colour: 'red', text: 'The patient asked to be contacted' });
  }
  reasons.push(...answerReasons(pkg.triage.answerColours, response));
  for (const rule of pkg.triage.scoreThresholds) {
    if (thresholdHolds(rule, scores)) reasons.push({ rule: rule.id, colour: rule.colour, text: rule.reason });
  }
  return { colour: worst(reasons), reasons };
}
