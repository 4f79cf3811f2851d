import type { QualityDispatchRecorded, QualityResponseRecorded, QuestionnaireDispatched, QuestionnaireResponseAccepted } from '@hub/contracts';
import { minimiseAnswers, monthOf } from './minimise';
import { dispatchRefFor, pseudonymFor } from './pseudonym';

/**
 * Treatment events → quality records. Pure: the key and the record id arrive as arguments. What is copied is
 * listed field by field on purpose; never spread a treatment event into a quality record.
 */

export type QualityRecord = { type: 'QualityDispatchRecorded'; data: QualityDispatchRecorded } | { type: 'QualityResponseRecorded'; data: QualityResponseRecorded };

export const qualityDispatchStreamId = (dispatchRef: string) => `quality-dispatch-${dispatchRef}`;
export const qualityResponseStreamId = (dispatchRef: string) => `quality-response-${dispatchRef}`;

export function toQualityDispatchRecorded(key: Buffer, event: QuestionnaireDispatched, recordId: string): QualityRecord {
  return {
    type: 'QualityDispatchRecorded',
    data: {
      recordId,
      pseudonym: pseudonymFor(key, event.patientId),
      dispatchRef: dispatchRefFor(key, event.dispatchId),
      unitSor: event.unitSor,
      questionnaire: { url: event.questionnaire.url, version: event.questionnaire.version },
      month: monthOf(event.dispatchedAt),
    },
  };
}

export function toQualityResponseRecorded(key: Buffer, event: QuestionnaireResponseAccepted, recordId: string): QualityRecord {
  return {
    type: 'QualityResponseRecorded',
    data: {
      recordId,
      pseudonym: pseudonymFor(key, event.patientId),
      dispatchRef: dispatchRefFor(key, event.dispatchId),
      unitSor: event.unitSor,
      questionnaire: { url: event.questionnaire.url, version: event.questionnaire.version },
      month: monthOf(event.receivedAt),
      late: event.late,
      answers: minimiseAnswers(event.response),
    },
  };
}

/** The stream a record is written to: one record per dispatch and kind, so a stream can only ever be new. */
export function streamIdOf(record: QualityRecord): string {
  switch (record.type) {
    case 'QualityDispatchRecorded':
      return qualityDispatchStreamId(record.data.dispatchRef);
    case 'QualityResponseRecorded':
      return qualityResponseStreamId(record.data.dispatchRef);
    default: {
      const _exhaustive: never = record;
      return _exhaustive;
    }
  }
}
