/** TypeScript shapes of every event that crosses a service boundary. JSON Schemas in /contracts/events. */

export type Purpose = 'treatment' | 'quality' | 'research';

export interface VersionedCanonical {
  url: string;
  version: string;
}

/**
 * A personal field encrypted per subject (contracts/events/defs/EncryptedField.v1.json); libs/subject-keys
 * writes and opens it. Declared here structurally because contracts depend on nothing.
 */
export interface EncryptedFieldData {
  $enc: 'aes-256-gcm/v1';
  subject: string;
  kv: number;
  iv: string;
  ct: string;
  tag: string;
}

/** v1 carried the CPR number in clear; it exists only in pre-release dev/test data and is refused on read. */
export interface PatientRegisteredV1 {
  patientId: string;
  cpr: string;
  registeredAt: string;
}

/** v2: the CPR number only as an envelope under the patient's data key, so erasure can make it unreadable. */
export interface PatientRegisteredV2 {
  patientId: string;
  cpr: EncryptedFieldData;
  registeredAt: string;
}

/** v3: adds the date of birth the CPR number encodes, so the quality door can band ages without the CPR. */
export interface PatientRegistered extends PatientRegisteredV2 {
  /**
   * YYYY-MM-DD, derived from the CPR number at registration. Optional because patients registered under v2
   * have none: the upcaster cannot open the CPR envelope (it holds no keys), so it leaves the date absent.
   */
  birthDate?: string;
}

/** Why a patient was erased: a code, never free text (free text could itself be personal data). */
export type ErasureReason = 'patient-request' | 'registered-in-error' | 'retention-expired' | 'legal-order';

export const ERASURE_REASONS: readonly ErasureReason[] = ['patient-request', 'registered-in-error', 'retention-expired', 'legal-order'];

export interface PatientErased {
  patientId: string;
  reason: ErasureReason;
  erasedAt: string;
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

/** QuestionnaireDispatched as first published (schema v1): upcast on read by adding nothing. */
export interface QuestionnaireDispatchedV1 {
  dispatchId: string;
  patientId: string;
  unitSor: string;
  questionnaire: VersionedCanonical;
  dispatchedAt: string;
  expiresAt: string;
}

/** v2: names the order when the dispatch is one of its occurrences (occurrence 0 first); one-off dispatches have none. */
export interface QuestionnaireDispatched extends QuestionnaireDispatchedV1 {
  order?: { orderId: string; occurrence: number };
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
  /** Answered on the patient's behalf (source is a RelatedPerson). Absent on events from before it was recorded. */
  proxy?: boolean;
  /** A paper form keyed by staff. Absent on events from before it was recorded. */
  paper?: boolean;
  response: { resourceType: 'QuestionnaireResponse'; [key: string]: unknown };
}

/** A new version of an accepted response (status amended); same shape, the earlier version stays in the stream. */
export type QuestionnaireResponseAmended = QuestionnaireResponseAccepted;

export interface QuestionnaireResponseEnteredInError {
  responseId: string;
  dispatchId: string;
  patientId: string;
  unitSor: string;
  questionnaire: VersionedCanonical;
  markedAt: string;
}

export type TriageColour = 'green' | 'yellow' | 'red';

/** Scores and triage of one response version, with the package version whose rules computed them. No free text. */
export interface QuestionnaireResponseScored {
  responseId: string;
  /** meta.versionId of the response version that was scored. */
  responseVersion: number;
  dispatchId: string;
  patientId: string;
  unitSor: string;
  questionnaire: VersionedCanonical;
  package: { id: string; version: string };
  scores: { name: string; value: number; band?: { code: string; display: string } }[];
  notComputed: string[];
  triage: { colour: TriageColour; reasons: { rule: string; colour: Exclude<TriageColour, 'green'>; text: string }[] };
  scoredAt: string;
}

/** A PRO package version; `package` is the package document itself (see @hub/pro-packages). */
export interface ProPackagePublished {
  packageId: string;
  version: string;
  questionnaire: VersionedCanonical;
  package: { id: string; version: string; [key: string]: unknown };
  publishedAt: string;
}

export interface QuestionnaireRetired {
  url: string;
  version: string;
  retiredAt: string;
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

/** Quality records as first published (schema v1): refused on read, see upcasters/quality-record.upcasters.ts. */
export interface QualityDispatchRecordedV1 {
  recordId: string;
  pseudonym: string;
  dispatchRef: string;
  unitSor: string;
  questionnaire: VersionedCanonical;
  month: string;
}

export interface QualityResponseRecordedV1 extends QualityDispatchRecordedV1 {
  late: boolean;
  answers: MinimisedAnswer[];
}

/** The producing unit as the quality domain sees it; sector and region are null when the unit was not yet known. */
export interface QualityUnit {
  sor: string;
  sector: Sector | null;
  region: string | null;
}

/** Quality domain: a dispatch (denominator of process indicators); first event of stream quality-<dispatchRef>. */
export interface QualityDispatchRecorded {
  recordId: string;
  pseudonym: string;
  dispatchRef: string;
  /** Present when the dispatch is an occurrence of an order; occurrence 0 is the pathway's baseline. */
  pathway?: { ref: string; occurrence: number };
  unit: QualityUnit;
  questionnaire: VersionedCanonical;
  /** '0-9' … '90+', at the dispatch; absent when the birth date is unknown. */
  ageBand?: string;
  /** Danish calendar days (YYYY-MM-DD); no instants leave the treatment domain. */
  dispatchedOn: string;
  expiresOn: string;
  /** Reporting month (YYYY-MM, Danish time). */
  month: string;
}

/** Quality domain: one version of the answer to a dispatch; a higher responseVersion replaces the earlier. */
export interface QualityResponseRecorded {
  recordId: string;
  pseudonym: string;
  dispatchRef: string;
  responseVersion: number;
  unit: QualityUnit;
  questionnaire: VersionedCanonical;
  ageBand?: string;
  answeredOn: string;
  month: string;
  late: boolean;
  proxy?: boolean;
  answers: MinimisedAnswer[];
}

/** Quality domain: scores of one response version (band codes only, no texts). */
export interface QualityScoreRecorded {
  recordId: string;
  pseudonym: string;
  dispatchRef: string;
  responseVersion: number;
  unit: QualityUnit;
  questionnaire: VersionedCanonical;
  package: { id: string; version: string };
  scores: Array<{ name: string; value: number; band?: string }>;
}

/** Quality domain: 'response' withdraws the answer and its scores; 'dispatch' withdraws everything about the dispatch. */
export interface QualityRecordRetracted {
  recordId: string;
  pseudonym: string;
  dispatchRef: string;
  scope: 'response' | 'dispatch';
  reason: 'entered-in-error' | 'patient-erased';
  retractedOn: string;
}

/** ResponseRateChanged as first published (schema v1); still found in stores and topics, upcast on read. */
export interface ResponseRateChangedV1 {
  indicator: 'response-rate';
  unitSor: string;
  numerator: number;
  denominator: number;
  asOf: string;
}

/** How often an order falls due; durations are ISO 8601 (`P7D`, `P3M`), dates ISO 8601 date-times. */
export type OrderSchedule =
  | { kind: 'once'; at: string }
  | { kind: 'relative'; pathwayDate: string; offsetDays: number }
  | { kind: 'recurring'; start: string; every: string; until?: string; count?: number };

export type NotificationChannel = 'digital-post' | 'sms';

export interface OrderPlaced {
  orderId: string;
  patientId: string;
  unitSor: string;
  questionnaire: VersionedCanonical;
  /** Reserved for ordering a PRO package (id + version) once packages exist. */
  package?: { id: string; version: string };
  schedule: OrderSchedule;
  reminderAfter?: string;
  expiresAfter: string;
  channel: NotificationChannel;
  placedAt: string;
  placedBy: string;
}

export interface QuestionnaireDue {
  orderId: string;
  occurrence: number;
  dispatchId: string;
  dueAt: string;
  issuedAt: string;
  remindAt?: string;
  expiresAt: string;
}

export interface OrderCompleted {
  orderId: string;
  occurrences: number;
  completedAt: string;
}

/** Why an order was stopped, as schema v1 knew it. */
export type OrderStopReasonV1 = 'care-ended' | 'unit-blocked' | 'consent-withdrawn' | 'cancelled';
/** v2 adds 'patient-erased': the consent service erased the patient, so nothing more is sent to them. */
export type OrderStopReason = OrderStopReasonV1 | 'patient-erased';

/** OrderStopped as schema v1 wrote it. */
export interface OrderStoppedV1 {
  orderId: string;
  reason: OrderStopReasonV1;
  stoppedAt: string;
  stoppedBy: string;
}

/** OrderStopped, current shape (schema v2). */
export interface OrderStopped extends Omit<OrderStoppedV1, 'reason'> {
  reason: OrderStopReason;
}

export interface ReminderDue {
  dispatchId: string;
  remindedAt: string;
}

export interface DispatchExpired {
  dispatchId: string;
  expiresAt: string;
  expiredAt: string;
}

export interface DispatchAnswered {
  dispatchId: string;
  responseId: string;
  receivedAt: string;
  late: boolean;
}

/** For external gateways on the ops topic: who and how to notify, and a link id; never health content. */
export interface NotificationRequested {
  notificationId: string;
  kind: 'new-questionnaire' | 'reminder';
  patientId: string;
  channel: NotificationChannel;
  /** The dispatch the patient follows the link to; an opaque id. */
  linkId: string;
  requestedAt: string;
}

/** The period an indicator's counts cover; `start` null means since the unit's first record (cumulative). */
export interface IndicatorPeriod {
  start: string | null;
  end: string;
}

/**
 * ResponseRateChanged, current shape (schema v2): states the rate (null at 0 dispatches) and the period covered.
 * Retired: no longer published (MeasureReportPublished is the indicators feed); kept so readers of the topic's
 * history still read it.
 */
export interface ResponseRateChanged extends ResponseRateChangedV1 {
  rate: number | null;
  period: IndicatorPeriod;
}

/** Public aggregate: a new version of one cell's FHIR MeasureReport (see contracts/events/MeasureReportPublished.v1.json). */
export interface MeasureReportPublished {
  reportId: string;
  reportVersion: number;
  measure: { id: string; version: string; url: string };
  stratum: { kind: 'unit' | 'sector' | 'region'; code: string };
  month: string;
  suppressed: 'small-count' | 'complementary' | null;
  /** The FHIR R4 MeasureReport resource. */
  measureReport: { resourceType: 'MeasureReport'; id: string; [key: string]: unknown };
}

/** A quality database's grant: reports of some indicators for some strata, and record-level data where mandated. */
export interface IndicatorSubscriptionGranted {
  subscriptionId: string;
  /** SOR code of the quality database's organisation. */
  subscriber: string;
  measures: string[];
  strata: { units: string[]; regions: string[]; sectors: Sector[] };
  recordLevel: boolean;
  mandate?: string;
  grantedBy: string;
  grantedAt: string;
}

export interface IndicatorSubscriptionRevoked {
  subscriptionId: string;
  revokedBy: string;
  revokedAt: string;
}

// --- Consent, care relationships, blocks and the access log (issue 4) ---

export type Sector = 'hospital' | 'municipality' | 'general-practice';
export type Role = 'clinician' | 'patient' | 'quality-database' | 'researcher' | 'auditor' | 'administrator';
export type AccessPurpose = Purpose | 'audit';
/** The data kinds AccessDecided v1 knew. */
export type DataKindV1 = 'questionnaire-response' | 'worklist' | 'access-log' | 'consent';
/** v2 adds 'identity': the internal patient id behind a pseudonym, released by an approved re-identification. */
export type DataKindV2 = DataKindV1 | 'identity';
/** v3 adds 'order' and 'dispatch': dispatch's records of what a unit ordered for a patient. */
export type DataKind = DataKindV2 | 'order' | 'dispatch';
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

/** AccessDecided as schema v1 wrote it. */
export interface AccessDecidedV1 {
  accessId: string;
  patientId: string;
  actor: { subject: string; role: Role; orgSor: string };
  purpose: AccessPurpose;
  resource: { kind: DataKindV1; ids?: string[] };
  effect: 'permit' | 'deny';
  reason: string;
  obligations: Obligation[];
  overridden: boolean;
  /** Internal-only entries (e.g. the hub's own audits) are kept from the patient's view. */
  internalOnly: boolean;
  decidedAt: string;
}

/** A record an access decision rests on, named by id so an auditor can follow it (never free text). */
export interface AccessBasis {
  kind: 'reidentification-request';
  id: string;
}

/** AccessDecided as schema v2 wrote it: the 'identity' data kind and the optional basis. */
export interface AccessDecidedV2 extends Omit<AccessDecidedV1, 'resource'> {
  resource: { kind: DataKindV2; ids?: string[] };
  basis?: AccessBasis;
}

/** AccessDecided, current shape (schema v3): the 'order' and 'dispatch' data kinds. */
export interface AccessDecided extends Omit<AccessDecidedV2, 'resource'> {
  resource: { kind: DataKind; ids?: string[] };
}

// --- Re-identification of quality pseudonyms (issue 6, use case B) ---

/** Why a unit asks to see who is behind quality pseudonyms: codes only, never free text. */
export type ReidentificationPurpose = 'adverse-event-follow-up' | 'quality-follow-up';
export type ReidentificationJustification = 'adverse-event-pattern' | 'medication-error' | 'readmission' | 'outlying-result' | 'data-error';
export type ReidentificationAction = 'request' | 'approve' | 'read-identities';
export type ReidentificationRefusal =
  | 'wrong-role'
  | 'invalid-request'
  | 'not-found'
  | 'self-approval'
  | 'already-approved'
  | 'already-released'
  | 'approval-window-closed'
  | 'other-unit'
  | 'not-approved'
  | 'release-expired';

/** Who acted: the token's subject, role and unit (SOR). */
export interface ReidentificationActor {
  subject: string;
  role: Role;
  orgSor: string;
}

export interface ReidentificationRequested {
  requestId: string;
  purpose: ReidentificationPurpose;
  justification: ReidentificationJustification;
  domain: 'quality';
  pseudonyms: string[];
  requester: ReidentificationActor;
  requestedAt: string;
  /** Approvals at or after this instant are refused. */
  approvalDeadline: string;
}

export interface ReidentificationApproved {
  requestId: string;
  approver: ReidentificationActor;
  approvedAt: string;
}

/** The second distinct approval releases the identities to the requesting unit, for a limited time. */
export interface ReidentificationReleased {
  requestId: string;
  approvers: string[];
  releasedToSor: string;
  releasedAt: string;
  validUntil: string;
}

/** Any refused act on a request, with what the actor was told (fixed texts: never a value from the input). */
export interface ReidentificationRefused {
  requestId: string;
  action: ReidentificationAction;
  actor: ReidentificationActor;
  reason: ReidentificationRefusal;
  problems: { location?: string; message: string }[];
  refusedAt: string;
}

/** One read of the released identities: the pairs returned and the pseudonyms that matched no patient. */
export interface ReidentificationIdentitiesRead {
  requestId: string;
  reader: ReidentificationActor;
  identities: { pseudonym: string; patientId: string }[];
  notFound: string[];
  readAt: string;
}

// --- Research domain: one pseudonym domain and one topic per project (issue 6) ---

/** Where an answer came from, as a research project sees it: region and sector only, never the unit (SOR). */
export interface ResearchUnit {
  sector: Sector | null;
  region: string | null;
}

/**
 * Research domain: one version of a consenting patient's answer, released to one project. The pseudonym and
 * recordRef are keyed in the project's own domain, so two projects cannot link their records.
 */
export interface ResearchRecordReleased {
  recordId: string;
  projectId: string;
  pseudonym: string;
  /** Keyed reference to the response; a higher responseVersion of the same recordRef replaces the earlier one. */
  recordRef: string;
  responseVersion: number;
  questionnaire: VersionedCanonical;
  /** '0-9' … '90+', on the day answered; absent when the birth date is unknown. */
  ageBand?: string;
  unit: ResearchUnit;
  /** Danish calendar day the answer was received (YYYY-MM-DD). */
  answeredOn: string;
  answers: MinimisedAnswer[];
}

/** Research domain: the scores of a released response version (band codes only, no texts). */
export interface ResearchScoresReleased {
  recordId: string;
  projectId: string;
  pseudonym: string;
  recordRef: string;
  responseVersion: number;
  questionnaire: VersionedCanonical;
  package: { id: string; version: string };
  scores: Array<{ name: string; value: number; band?: string }>;
}

export type ResearchRetractionReason = 'consent-withdrawn' | 'patient-erased' | 'entered-in-error';

/** Research domain: the patient's records (or only `recordRef`'s) no longer belong to the project's data. */
export interface ResearchRecordsRetracted {
  recordId: string;
  projectId: string;
  pseudonym: string;
  reason: ResearchRetractionReason;
  /** Only this record (entered in error); absent: every record of the pseudonym in the project. */
  recordRef?: string;
  retractedOn: string;
}

/** Event type name → payload. The single list the registry, relay and consumers are typed against. */
export interface EventPayloads {
  PatientRegistered: PatientRegistered;
  PatientErased: PatientErased;
  ConsentGranted: ConsentGranted;
  QuestionnairePublished: QuestionnairePublished;
  QuestionnaireDispatched: QuestionnaireDispatched;
  QuestionnaireResponseAccepted: QuestionnaireResponseAccepted;
  QuestionnaireResponseAmended: QuestionnaireResponseAmended;
  QuestionnaireResponseEnteredInError: QuestionnaireResponseEnteredInError;
  QuestionnaireResponseScored: QuestionnaireResponseScored;
  ProPackagePublished: ProPackagePublished;
  QuestionnaireRetired: QuestionnaireRetired;
  QualityDispatchRecorded: QualityDispatchRecorded;
  QualityResponseRecorded: QualityResponseRecorded;
  QualityScoreRecorded: QualityScoreRecorded;
  QualityRecordRetracted: QualityRecordRetracted;
  ResponseRateChanged: ResponseRateChanged;
  MeasureReportPublished: MeasureReportPublished;
  IndicatorSubscriptionGranted: IndicatorSubscriptionGranted;
  IndicatorSubscriptionRevoked: IndicatorSubscriptionRevoked;
  OrderPlaced: OrderPlaced;
  QuestionnaireDue: QuestionnaireDue;
  OrderCompleted: OrderCompleted;
  OrderStopped: OrderStopped;
  ReminderDue: ReminderDue;
  DispatchExpired: DispatchExpired;
  DispatchAnswered: DispatchAnswered;
  NotificationRequested: NotificationRequested;
  OrganisationRegistered: OrganisationRegistered;
  ResearchProjectRegistered: ResearchProjectRegistered;
  CareRelationshipStarted: CareRelationshipStarted;
  CareRelationshipEnded: CareRelationshipEnded;
  ConsentWithdrawn: ConsentWithdrawn;
  AccessBlocked: AccessBlocked;
  BlockLifted: BlockLifted;
  BlockOverridden: BlockOverridden;
  AccessDecided: AccessDecided;
  ReidentificationRequested: ReidentificationRequested;
  ReidentificationApproved: ReidentificationApproved;
  ReidentificationReleased: ReidentificationReleased;
  ReidentificationRefused: ReidentificationRefused;
  ReidentificationIdentitiesRead: ReidentificationIdentitiesRead;
  ResearchRecordReleased: ResearchRecordReleased;
  ResearchScoresReleased: ResearchScoresReleased;
  ResearchRecordsRetracted: ResearchRecordsRetracted;
}

export type EventType = keyof EventPayloads;
