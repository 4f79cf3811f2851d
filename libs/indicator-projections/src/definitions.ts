import Ajv2020 from 'ajv/dist/2020';
import schema from '../definitions/indicator-definition.schema.json';
import baselineAnswered from '../definitions/baseline-answered.v1.json';
import phq9Improvement from '../definitions/phq9-improvement.v1.json';
import phq9MeanChange from '../definitions/phq9-mean-change.v1.json';
import responseWithinWindow from '../definitions/response-within-window.v1.json';
import { byCodeUnits } from './order';

export type StratumKind = 'unit' | 'sector' | 'region';

export type IndicatorRule =
  | { kind: 'answered-within-window' }
  | { kind: 'baseline-answered' }
  | { kind: 'improved-by'; score: string; direction: 'decrease' | 'increase'; threshold: number }
  | { kind: 'mean-change'; score: string };

/** One version of an indicator, as data (see definitions/indicator-definition.schema.json). */
export interface IndicatorDefinition {
  id: string;
  version: string;
  url: string;
  title: string;
  description: string;
  kind: 'process' | 'outcome';
  questionnaire?: { url: string };
  rule: IndicatorRule;
  numerator: string;
  denominator: string;
  standard: { target: number; direction: 'at-least' | 'at-most' };
  strata: StratumKind[];
}

/** Proportions get counts, a rate and a Wilson interval; a mean change gets the mean only. */
export const isProportion = (d: Pick<IndicatorDefinition, 'rule'>) => d.rule.kind !== 'mean-change';

/** `id|version`: the key cells and reports carry, so two versions of a definition never mix. */
export const measureKey = (d: Pick<IndicatorDefinition, 'id' | 'version'>) => `${d.id}|${d.version}`;

const validate = new Ajv2020({ allErrors: true, strict: true }).compile(schema);

/**
 * Checks definitions against the schema and the rules the schema cannot state (a process rule without a
 * questionnaire is fine, an outcome rule needs one; one url per id; no id|version twice). Every problem is
 * reported, then the load fails once: a service must not start on a half-valid indicator catalogue.
 */
export function loadDefinitions(candidates: readonly unknown[]): IndicatorDefinition[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  const urlOf = new Map<string, string>();
  candidates.forEach((candidate, i) => {
    if (!validate(candidate)) {
      for (const e of validate.errors ?? []) problems.push(`definition[${i}]${e.instancePath} ${e.message ?? 'is invalid'}`);
      return;
    }
    const d = candidate as unknown as IndicatorDefinition;
    if (d.kind === 'outcome' && !d.questionnaire) problems.push(`definition[${i}] ${d.id}: an outcome indicator names its questionnaire`);
    if (d.kind === 'process' !== (d.rule.kind === 'answered-within-window' || d.rule.kind === 'baseline-answered')) problems.push(`definition[${i}] ${d.id}: rule ${d.rule.kind} does not fit kind ${d.kind}`);
    if (seen.has(measureKey(d))) problems.push(`definition[${i}] ${measureKey(d)} is defined twice`);
    if (urlOf.has(d.id) && urlOf.get(d.id) !== d.url) problems.push(`definition[${i}] ${d.id}: every version of an indicator has the same url`);
    seen.add(measureKey(d));
    urlOf.set(d.id, d.url);
  });
  if (problems.length > 0) throw new RangeError(`invalid indicator definitions: ${problems.join('; ')}`);
  return (candidates as IndicatorDefinition[]).slice().sort((a, b) => byCodeUnits(measureKey(a), measureKey(b)));
}

/** The shipped catalogue, validated at load (a bad file stops the import, and so the service, at start). */
export const INDICATOR_DEFINITIONS: readonly IndicatorDefinition[] = loadDefinitions([responseWithinWindow, baselineAnswered, phq9Improvement, phq9MeanChange]);
