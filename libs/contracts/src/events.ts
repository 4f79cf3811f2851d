/** TypeScript shapes of every event that crosses a service boundary. JSON Schemas in /contracts/events. */

export type Purpose = 'treatment' | 'quality' | 'research';

export interface VersionedCanonical {
  url: string;
  version: string;
}

export interface PatientRegistered {
  patientId: string;
  cpr: string;
  registeredAt: string;
}

export interface ConsentGranted {
  patientId: string;
  purpose: Purpose;
  projectId?: string;
  grantedAt: string;
}

export interface QuestionnairePublished {
  url: string;
  version: string;
  questionnaire: { resourceType: 'Questionnaire'; [key: string]: unknown };
  publishedAt: string;
}

export interface QuestionnaireDispatched {
  dispatchId: string;
  patientId: string;
  unitSor: string;
  questionnaire: VersionedCanonical;
  dispatchedAt: string;
  expiresAt: string;
}

export interface QuestionnaireResponseAccepted {
  responseId: string;
  dispatchId: string;
  patientId: string;
  unitSor: string;
  questionnaire: VersionedCanonical;
  authored: string;
  receivedAt: string;
  late: boolean;
  response: { resourceType: 'QuestionnaireResponse'; [key: string]: unknown };
}

/** One answer as it may leave the treatment domain: coded or numeric, never free text. */
export interface MinimisedAnswer {
  linkId: string;
  integer?: number;
  decimal?: number;
  boolean?: boolean;
  code?: string;
  system?: string;
}

export interface QualityDispatchRecorded {
  recordId: string;
  pseudonym: string;
  dispatchRef: string;
  unitSor: string;
  questionnaire: VersionedCanonical;
  month: string;
}

export interface QualityResponseRecorded {
  recordId: string;
  pseudonym: string;
  dispatchRef: string;
  unitSor: string;
  questionnaire: VersionedCanonical;
  month: string;
  late: boolean;
  answers: MinimisedAnswer[];
}

/** ResponseRateChanged as first published (schema v1); still found in stores and topics, upcast on read. */
export interface ResponseRateChangedV1 {
  indicator: 'response-rate';
  unitSor: string;
  numerator: number;
  denominator: number;
  asOf: string;
}

/** The period an indicator's counts cover; `start` null means since the unit's first record (cumulative). */
export interface IndicatorPeriod {
  start: string | null;
  end: string;
}

/** ResponseRateChanged, current shape (schema v2): states the rate (null at 0 dispatches) and the period covered. */
export interface ResponseRateChanged extends ResponseRateChangedV1 {
  rate: number | null;
  period: IndicatorPeriod;
}

/** Event type name → payload. The single list the registry, relay and consumers are typed against. */
export interface EventPayloads {
  PatientRegistered: PatientRegistered;
  ConsentGranted: ConsentGranted;
  QuestionnairePublished: QuestionnairePublished;
  QuestionnaireDispatched: QuestionnaireDispatched;
  QuestionnaireResponseAccepted: QuestionnaireResponseAccepted;
  QualityDispatchRecorded: QualityDispatchRecorded;
  QualityResponseRecorded: QualityResponseRecorded;
  ResponseRateChanged: ResponseRateChanged;
}

export type EventType = keyof EventPayloads;
