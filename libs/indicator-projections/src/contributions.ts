import type { QualityUnit } from '@hub/contracts';
import type { IndicatorDefinition } from './definitions';
import { currentScores, type DispatchFact } from './dispatch-fact';

/**
 * What one dispatch (process indicators) or one pathway (outcome indicators) adds to the cells of one
 * indicator version: its unit, its reporting month, and its numerator and denominator. Cells are sums of
 * contributions, so a late answer or a retraction changes exactly the cells its old and new contributions fall in.
 */
export interface Contribution {
  measureId: string;
  version: string;
  unit: QualityUnit;
  month: string;
  /** Proportions: 0 or 1. Mean change: the change itself. */
  numerator: number;
  denominator: number;
}

const counts = (d: IndicatorDefinition) => (d.questionnaire ? (url: string) => url === d.questionnaire?.url : () => true);

/** A dispatch that still counts: recorded, not erased. */
const liveDispatch = (fact: DispatchFact) => (fact.retracted === 'dispatch' ? undefined : fact.dispatch);

/**
 * Process indicators, per dispatch, in the month of dispatch. Within the window means the producer's `late`
 * flag is false: it compares instants at intake, which the calendar days on the record (expiresOn, answeredOn)
 * cannot do for an answer on the day of expiry.
 */
export function dispatchContributions(definitions: readonly IndicatorDefinition[], fact: DispatchFact): Contribution[] {
  const dispatch = liveDispatch(fact);
  if (!dispatch) return [];
  const out: Contribution[] = [];
  for (const d of definitions) {
    if (d.kind !== 'process' || !counts(d)(dispatch.questionnaireUrl)) continue;
    const base = { measureId: d.id, version: d.version, unit: dispatch.unit, month: dispatch.month, denominator: 1 };
    if (d.rule.kind === 'answered-within-window') out.push({ ...base, numerator: fact.response && !fact.response.late ? 1 : 0 });
    if (d.rule.kind === 'baseline-answered' && dispatch.pathway?.occurrence === 0) out.push({ ...base, numerator: fact.response ? 1 : 0 });
  }
  return out;
}

interface ScoredAnswer {
  fact: DispatchFact;
  occurrence: number;
  value: number;
}

function scoredAnswers(facts: readonly DispatchFact[], questionnaireUrl: string, score: string): ScoredAnswer[] {
  const out: ScoredAnswer[] = [];
  for (const fact of facts) {
    const dispatch = liveDispatch(fact);
    const value = currentScores(fact)?.[score];
    if (!dispatch?.pathway || dispatch.questionnaireUrl !== questionnaireUrl || value === undefined || fact.retracted === 'response') continue;
    out.push({ fact, occurrence: dispatch.pathway.occurrence, value });
  }
  return out;
}

/**
 * The baseline (occurrence 0) and the follow-up of one pathway for one score: the follow-up is the scored
 * answer of the highest occurrence above 0 that is not retracted, so a later answer replaces an earlier one
 * and retracting the latest falls back to the one before. Undefined when either is missing.
 */
export function outcomePair(facts: readonly DispatchFact[], questionnaireUrl: string, score: string): { baseline: ScoredAnswer; followUp: ScoredAnswer } | undefined {
  const answers = scoredAnswers(facts, questionnaireUrl, score);
  const baseline = answers.find((a) => a.occurrence === 0);
  const followUp = answers.filter((a) => a.occurrence > 0).sort((a, b) => b.occurrence - a.occurrence)[0];
  return baseline && followUp ? { baseline, followUp } : undefined;
}

/** Outcome indicators, per pathway, in the unit and month of the follow-up answer. */
export function pathwayContributions(definitions: readonly IndicatorDefinition[], facts: readonly DispatchFact[]): Contribution[] {
  const out: Contribution[] = [];
  for (const d of definitions) {
    if (d.kind !== 'outcome' || !d.questionnaire || (d.rule.kind !== 'improved-by' && d.rule.kind !== 'mean-change')) continue;
    const pair = outcomePair(facts, d.questionnaire.url, d.rule.score);
    const dispatch = pair?.followUp.fact.dispatch;
    const month = pair?.followUp.fact.response?.month;
    if (!pair || !dispatch || !month) continue;
    const change = pair.followUp.value - pair.baseline.value;
    const numerator = d.rule.kind === 'mean-change' ? change : (d.rule.direction === 'decrease' ? -change : change) >= d.rule.threshold ? 1 : 0;
    out.push({ measureId: d.id, version: d.version, unit: dispatch.unit, month, numerator, denominator: 1 });
  }
  return out;
}
