import type {
  QualityDispatchRecorded,
  QualityRecordRetracted,
  QualityResponseRecorded,
  QualityScoreRecorded,
  QualityUnit,
  QuestionnaireDispatched,
  QuestionnaireResponseAccepted,
  QuestionnaireResponseEnteredInError,
  QuestionnaireResponseScored,
} from '@hub/contracts';
import { validationError } from '@hub/service-kit/errors';
import type { PatientInDomain } from '../domains/pseudonym-domains';
import type { UnitFacts } from '../facts/patient-facts';
import { ageBandOn } from '../facts/age-band';
import { danishDayOf, monthOf } from './calendar';
import { minimiseAnswers } from './minimise';

/**
 * Treatment events → quality records. Pure: the patient as seen in the quality domain, what the door knows
 * about the unit and the patient, and the record id all arrive as arguments. What is copied is listed field by
 * field on purpose; never spread a treatment event into a quality record.
 */

export type QualityRecord =
  | { type: 'QualityDispatchRecorded'; data: QualityDispatchRecorded }
  | { type: 'QualityResponseRecorded'; data: QualityResponseRecorded }
  | { type: 'QualityScoreRecorded'; data: QualityScoreRecorded }
  | { type: 'QualityRecordRetracted'; data: QualityRecordRetracted };

export type QualityRecordType = QualityRecord['type'];

export const QUALITY_RECORD_TYPES: readonly QualityRecordType[] = ['QualityDispatchRecorded', 'QualityResponseRecorded', 'QualityScoreRecorded', 'QualityRecordRetracted'];

/** What the door knows when it releases a record: the unit's register entry and the birth date, either may be unknown. */
export interface DoorFacts {
  unit?: UnitFacts;
  birthDate?: string;
}

/** Every record of one dispatch goes into this one stream (and so, keyed by it, into one Kafka partition, in order). */
export const qualityStreamId = (dispatchRef: string) => `quality-${dispatchRef}`;

/** A unit not (yet) in the register is reported with sector and region null rather than held back. */
function unitOf(sor: string, facts: DoorFacts): QualityUnit {
  return { sor, sector: facts.unit?.sector ?? null, region: facts.unit?.region ?? null };
}

const ageBandOf = (facts: DoorFacts, day: string) => (facts.birthDate ? ageBandOn(facts.birthDate, day) : undefined);

/** The fields every record starts with: its id, the patient's pseudonym and the keyed dispatch reference. */
function headOf(patient: PatientInDomain, dispatchId: string, recordId: string) {
  return { recordId, pseudonym: patient.pseudonym, dispatchRef: patient.ref('dispatch', dispatchId) };
}

export function toQualityDispatchRecorded(event: QuestionnaireDispatched, facts: DoorFacts, patient: PatientInDomain, recordId: string): QualityRecord {
  const dispatchedOn = danishDayOf(event.dispatchedAt);
  const ageBand = ageBandOf(facts, dispatchedOn);
  return {
    type: 'QualityDispatchRecorded',
    data: {
      ...headOf(patient, event.dispatchId, recordId),
      // The order id itself stays behind: its keyed reference links the occurrences of one pathway.
      ...(event.order ? { pathway: { ref: patient.ref('order', event.order.orderId), occurrence: event.order.occurrence } } : {}),
      unit: unitOf(event.unitSor, facts),
      questionnaire: { url: event.questionnaire.url, version: event.questionnaire.version },
      ...(ageBand ? { ageBand } : {}),
      dispatchedOn,
      expiresOn: danishDayOf(event.expiresAt),
      month: monthOf(event.dispatchedAt),
    },
  };
}

/**
 * The version number of an accepted or amended response, as intake numbers it (meta.versionId: the first
 * accepted version is 1, each amendment the next). An amendment without a usable number cannot be placed
 * among the versions, so it is refused (dead-lettered with this reason) rather than guessed.
 */
export function responseVersionOf(kind: 'accepted' | 'amended', event: QuestionnaireResponseAccepted): number {
  if (kind === 'accepted') return 1;
  const versionId = (event.response.meta as { versionId?: unknown } | undefined)?.versionId;
  const version = Number(versionId);
  if (!Number.isSafeInteger(version) || version < 2) throw validationError(`amended response ${event.responseId} has no version number above 1 (meta.versionId ${String(versionId)})`);
  return version;
}

export function toQualityResponseRecorded(event: QuestionnaireResponseAccepted, responseVersion: number, facts: DoorFacts, patient: PatientInDomain, recordId: string): QualityRecord {
  // The server's receipt time, not the client's `authored`: it is what `late` was judged by, and cannot be made up.
  const answeredOn = danishDayOf(event.receivedAt);
  const ageBand = ageBandOf(facts, answeredOn);
  return {
    type: 'QualityResponseRecorded',
    data: {
      ...headOf(patient, event.dispatchId, recordId),
      responseVersion,
      unit: unitOf(event.unitSor, facts),
      questionnaire: { url: event.questionnaire.url, version: event.questionnaire.version },
      ...(ageBand ? { ageBand } : {}),
      answeredOn,
      month: monthOf(event.receivedAt),
      late: event.late,
      ...(event.proxy !== undefined ? { proxy: event.proxy } : {}),
      answers: minimiseAnswers(event.response),
    },
  };
}

/** Scores with their band code only: band display texts and triage reasons are prose and stay in treatment. */
export function toQualityScoreRecorded(event: QuestionnaireResponseScored, facts: DoorFacts, patient: PatientInDomain, recordId: string): QualityRecord {
  return {
    type: 'QualityScoreRecorded',
    data: {
      ...headOf(patient, event.dispatchId, recordId),
      responseVersion: event.responseVersion,
      unit: unitOf(event.unitSor, facts),
      questionnaire: { url: event.questionnaire.url, version: event.questionnaire.version },
      package: { id: event.package.id, version: event.package.version },
      scores: event.scores.map((s) => ({ name: s.name, value: s.value, ...(s.band ? { band: s.band.code } : {}) })),
    },
  };
}

/** Entered in error: the answer and its scores stop counting; the dispatch stays in the denominators. */
export function toResponseRetracted(event: QuestionnaireResponseEnteredInError, patient: PatientInDomain, recordId: string): QualityRecord {
  return { type: 'QualityRecordRetracted', data: { ...headOf(patient, event.dispatchId, recordId), scope: 'response', reason: 'entered-in-error', retractedOn: danishDayOf(event.markedAt) } };
}

/** Erasure: everything about a dispatch the door released for the patient goes (dispatchRef as released). */
export function toDispatchRetracted(dispatchRef: string, patient: PatientInDomain, erasedAt: string, recordId: string): QualityRecord {
  return { type: 'QualityRecordRetracted', data: { recordId, pseudonym: patient.pseudonym, dispatchRef, scope: 'dispatch', reason: 'patient-erased', retractedOn: danishDayOf(erasedAt) } };
}
