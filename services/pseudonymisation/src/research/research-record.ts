import type { QuestionnaireResponseAccepted, QuestionnaireResponseScored, ResearchRecordReleased, ResearchRecordsRetracted, ResearchRetractionReason, ResearchScoresReleased, ResearchUnit } from '@hub/contracts';
import { validationError } from '@hub/service-kit/errors';
import type { PatientInDomain } from '../domains/pseudonym-domains';
import { ageBandOn } from '../facts/age-band';
import type { UnitFacts } from '../facts/patient-facts';
import { minimiseAnswers } from '../quality-record/minimise';

/**
 * Treatment events → one project's research records. Pure: the patient in the project's domain, the facts,
 * the record id and the day arrive as arguments. Fields are copied one by one on purpose: a research record
 * carries region and sector but never the unit, an age band but never the birth date, a day but no instant.
 */

export type ReleasedRecord = { type: 'ResearchRecordReleased'; data: ResearchRecordReleased };
export type ReleasedScores = { type: 'ResearchScoresReleased'; data: ResearchScoresReleased };
export type Retraction = { type: 'ResearchRecordsRetracted'; data: ResearchRecordsRetracted };
export type ResearchRecord = ReleasedRecord | ReleasedScores | Retraction;

/** One stream (and Kafka key) per patient in a project: a retraction lands behind that patient's records. */
export const researchStreamId = (projectId: string, pseudonym: string) => `research-${projectId}-${pseudonym}`;

/** The reference of a response in the project's domain; the same for every version of the response. */
export const recordRefOf = (patient: PatientInDomain, responseId: string) => patient.ref('response', responseId);

/** The Danish calendar day (YYYY-MM-DD) of an instant: research data are by day, in the time zone they happened in. */
export function danishDayOf(isoDate: string, timeZone = 'Europe/Copenhagen'): string {
  const instant = new Date(isoDate);
  if (Number.isNaN(instant.getTime())) throw validationError(`not a date: ${isoDate}`);
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(instant);
}

/** The response's version as FHIR states it (meta.versionId), 1 when absent or not a positive integer. */
export function responseVersionOf(response: QuestionnaireResponseAccepted['response']): number {
  const versionId = Number((response.meta as { versionId?: unknown } | undefined)?.versionId);
  return Number.isSafeInteger(versionId) && versionId > 0 ? versionId : 1;
}

export interface ReleaseFacts {
  /** The unit's sector and region, or undefined when the unit is not (yet) known to this service. */
  unit?: UnitFacts;
  birthDate?: string;
}

export function toResearchRecordReleased(projectId: string, patient: PatientInDomain, event: QuestionnaireResponseAccepted, facts: ReleaseFacts, recordId: string): ReleasedRecord {
  const answeredOn = danishDayOf(event.receivedAt);
  const unit: ResearchUnit = { sector: facts.unit?.sector ?? null, region: facts.unit?.region ?? null };
  const ageBand = facts.birthDate ? ageBandOn(facts.birthDate, answeredOn) : undefined;
  return {
    type: 'ResearchRecordReleased',
    data: {
      recordId,
      projectId,
      pseudonym: patient.pseudonym,
      recordRef: recordRefOf(patient, event.responseId),
      responseVersion: responseVersionOf(event.response),
      questionnaire: { url: event.questionnaire.url, version: event.questionnaire.version },
      ...(ageBand ? { ageBand } : {}),
      unit,
      answeredOn,
      answers: minimiseAnswers(event.response),
    },
  };
}

/** Scores by name and value with the band's code; band texts and triage reasons are free text and stay behind. */
export function toResearchScoresReleased(projectId: string, patient: PatientInDomain, event: QuestionnaireResponseScored, recordId: string): ReleasedScores {
  return {
    type: 'ResearchScoresReleased',
    data: {
      recordId,
      projectId,
      pseudonym: patient.pseudonym,
      recordRef: recordRefOf(patient, event.responseId),
      responseVersion: event.responseVersion,
      questionnaire: { url: event.questionnaire.url, version: event.questionnaire.version },
      package: { id: event.package.id, version: event.package.version },
      scores: event.scores.map((s) => ({ name: s.name, value: s.value, ...(s.band && s.band.code.length <= 64 ? { band: s.band.code } : {}) })),
    },
  };
}

/** A retraction of all the patient's records in the project, or of one record (`responseId`, entered in error). */
export function toResearchRecordsRetracted(projectId: string, patient: PatientInDomain, reason: ResearchRetractionReason, retractedOn: string, recordId: string, responseId?: string): Retraction {
  return {
    type: 'ResearchRecordsRetracted',
    data: { recordId, projectId, pseudonym: patient.pseudonym, reason, ...(responseId ? { recordRef: recordRefOf(patient, responseId) } : {}), retractedOn },
  };
}
