import type { QuestionnaireResponseScored } from '@hub/contracts';
import { scoreResponse, triage, type ProPackage } from '@hub/pro-packages';

/** Who and what a score belongs to, as on the response event it follows. */
export interface ScoredSubject {
  responseId: string;
  responseVersion: number;
  dispatchId: string;
  patientId: string;
  unitSor: string;
  questionnaire: { url: string; version: string };
}

/**
 * Scores and triages one accepted response version with the package's rules. Pure; the package id and version
 * go on the result so the score can be recomputed from the stored response and the immutable package.
 */
export function toScored(pkg: ProPackage, response: Record<string, unknown>, subject: ScoredSubject, at: string): QuestionnaireResponseScored {
  const scored = scoreResponse(pkg, response);
  return { ...subject, package: scored.package, scores: scored.scores, notComputed: scored.notComputed, triage: triage(pkg, response, scored.scores), scoredAt: at };
}
