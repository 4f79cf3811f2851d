// How a response reads over FHIR: the latest version, with its scores as contained Observations and its triage
// as an extension on the response that also references them (FHIR requires contained resources to be
// referenced from their container).
import type { QuestionnaireResponseScored } from '@hub/contracts';
import type { CurrentResponse } from './response.decider';

export const TRIAGE_URL = 'http://pro-hub.dk/fhir/StructureDefinition/triage';
export const SCORE_SYSTEM = 'http://pro-hub.dk/fhir/CodeSystem/pro-score';
export const BAND_SYSTEM = 'http://pro-hub.dk/fhir/CodeSystem/pro-score-band';

type Score = QuestionnaireResponseScored['scores'][number];

const scoreId = (name: string) => `score-${name}`;

function toObservation(score: Score, scored: QuestionnaireResponseScored, response: Record<string, unknown>, amended: boolean): Record<string, unknown> {
  return {
    resourceType: 'Observation',
    id: scoreId(score.name),
    status: amended ? 'amended' : 'final',
    category: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: 'survey' }] }],
    code: { coding: [{ system: SCORE_SYSTEM, code: `${scored.package.id}.${score.name}`, display: `${scored.package.id} ${score.name}` }] },
    subject: response.subject,
    effectiveDateTime: response.authored,
    ...(Number.isInteger(score.value) ? { valueInteger: score.value } : { valueDecimal: score.value }),
    ...(score.band ? { interpretation: [{ coding: [{ system: BAND_SYSTEM, code: score.band.code, display: score.band.display }] }] } : {}),
    // '#' is the containing resource: the score derives from the very response it sits in.
    derivedFrom: [{ reference: '#' }],
  };
}

function toTriageExtension(scored: QuestionnaireResponseScored): Record<string, unknown> {
  return {
    url: TRIAGE_URL,
    extension: [
      { url: 'colour', valueCode: scored.triage.colour },
      { url: 'package', valueString: `${scored.package.id}|${scored.package.version}` },
      ...scored.triage.reasons.map((r) => ({ url: 'reason', valueCoding: { system: `${SCORE_SYSTEM}/rule`, code: r.rule, display: r.text } })),
      ...scored.scores.map((s) => ({ url: 'score', valueReference: { reference: `#${scoreId(s.name)}` } })),
      ...scored.notComputed.map((name) => ({ url: 'not-computed', valueString: name })),
    ],
  };
}

/** The latest version of a response as FHIR R4 JSON, with its scores and triage when it was scored. */
export function toFhirView(current: CurrentResponse): Record<string, unknown> {
  const response: Record<string, unknown> = { ...current.accepted.response, status: current.status, meta: { versionId: String(current.versionId), lastUpdated: current.lastUpdated } };
  const { scored } = current;
  if (!scored) return response;
  const extension = [...(Array.isArray(response.extension) ? response.extension : []), toTriageExtension(scored)];
  const contained = scored.scores.map((s) => toObservation(s, scored, response, current.versionId > 1));
  return { ...response, contained, extension };
}
