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
  /** The consent text version agreed to; required for research. */
  textVersion?: string;
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

export interface ResponseRateChanged {
  indicator: 'response-rate';
  unitSor: string;
  numerator: number;
  denominator: number;
  asOf: string;
}

// --- Consent, care relationships, blocks and the access log (issue 4) ---

export type Sector = 'hospital' | 'municipality' | 'general-practice';
export type Role = 'clinician' | 'patient' | 'quality-database' | 'researcher' | 'auditor' | 'administrator';
export type AccessPurpose = Purpose | 'audit';
export type DataKind = 'questionnaire-response' | 'worklist' | 'access-log' | 'consent';
export type Obligation = 'log-access' | 'flag-override' | 'pseudonymise';

export interface OrganisationRegistered {
  sor: string;
  name: string;
  sector: Sector;
  region: string;
  registeredAt: string;
}

export interface ResearchProjectRegistered {
  projectId: string;
  title: string;
  consentTextVersions: string[];
  registeredAt: string;
}

export interface CareRelationshipStarted {
  relationshipId: string;
  patientId: string;
  unitSor: string;
  sector: Sector;
  pathway: string;
  validFrom: string;
  validTo?: string;
  recordedAt: string;
}

export interface CareRelationshipEnded {
  relationshipId: string;
  patientId: string;
  unitSor: string;
  validTo: string;
  recordedAt: string;
}

export interface ConsentWithdrawn {
  patientId: string;
  purpose: Purpose;
  projectId?: string;
  withdrawnAt: string;
}

export interface BlockTarget {
  kind: 'unit' | 'sector' | 'professional';
  value: string;
}

export interface AccessBlocked {
  blockId: string;
  patientId: string;
  target: BlockTarget;
  validFrom: string;
  validTo?: string;
  /** Only data recorded in [dataFrom, dataTo) is blocked, when given. */
  dataFrom?: string;
  dataTo?: string;
  recordedAt: string;
}

export interface BlockLifted {
  blockId: string;
  patientId: string;
  liftedAt: string;
}

export interface BlockOverridden {
  overrideId: string;
  patientId: string;
  unitSor: string;
  professional?: string;
  reason: 'patient-consent' | 'vital-interest';
  validFrom: string;
  validTo: string;
  recordedAt: string;
}

export interface AccessDecided {
  accessId: string;
  patientId: string;
  actor: { subject: string; role: Role; orgSor: string };
  purpose: AccessPurpose;
  resource: { kind: DataKind; ids?: string[] };
  effect: 'permit' | 'deny';
  reason: string;
  obligations: Obligation[];
  overridden: boolean;
  /** Internal-only entries (e.g. the hub's own audits) are kept from the patient's view. */
  internalOnly: boolean;
  decidedAt: string;
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
  OrganisationRegistered: OrganisationRegistered;
  ResearchProjectRegistered: ResearchProjectRegistered;
  CareRelationshipStarted: CareRelationshipStarted;
  CareRelationshipEnded: CareRelationshipEnded;
  ConsentWithdrawn: ConsentWithdrawn;
  AccessBlocked: AccessBlocked;
  BlockLifted: BlockLifted;
  BlockOverridden: BlockOverridden;
  AccessDecided: AccessDecided;
}

export type EventType = keyof EventPayloads;
