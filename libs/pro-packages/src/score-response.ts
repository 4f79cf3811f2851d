import { evaluate } from './fhirpath-engine';
import type { ProPackage, Score, ScoreBand, ScoreRule, ScoredResponse } from './package.types';

/** The band a value falls into: the last band whose `from` it reaches. */
export function bandOf(bands: ScoreBand[] | undefined, value: number): Score['band'] {
  const band = [...(bands ?? [])].reverse().find((b) => value >= b.from);
  return band ? { code: band.code, display: band.display } : undefined;
}

/** A rule's value, or undefined when it yields anything but one finite number (an unanswered item, say). */
function valueOf(rule: ScoreRule, response: unknown): number | undefined {
  const result = evaluate(response, rule.expression);
  if (result.length !== 1 || typeof result[0] !== 'number' || !Number.isFinite(result[0])) return undefined;
  return result[0];
}

/**
 * Computes every score a package defines for one QuestionnaireResponse, recording the package id and version
 * whose rules produced them so the score can be recomputed later. Pure: the same package and response always
 * give the same result. The response is expected to be valid against the package's questionnaire version.
 */
export function scoreResponse(pkg: ProPackage, response: unknown): ScoredResponse {
  const scores: Score[] = [];
  const notComputed: string[] = [];
  for (const rule of pkg.scoring) {
    const value = valueOf(rule, response);
    if (value === undefined) notComputed.push(rule.name);
    else scores.push({ name: rule.name, value, ...(rule.bands ? { band: bandOf(rule.bands, value) } : {}) });
  }
  return { package: { id: pkg.id, version: pkg.version }, scores, notComputed };
}
