import ConsentGranted from '../../../contracts/events/ConsentGranted.v1.json';
import PatientRegisteredV1 from '../../../contracts/events/PatientRegistered.v1.json';
import PatientRegisteredV2 from '../../../contracts/events/PatientRegistered.v2.json';
import PatientRegistered from '../../../contracts/events/PatientRegistered.v3.json';
import PatientErased from '../../../contracts/events/PatientErased.v1.json';
import QualityDispatchRecordedV1 from '../../../contracts/events/QualityDispatchRecorded.v1.json';
import QualityDispatchRecorded from '../../../contracts/events/QualityDispatchRecorded.v2.json';
import QualityResponseRecordedV1 from '../../../contracts/events/QualityResponseRecorded.v1.json';
import QualityResponseRecorded from '../../../contracts/events/QualityResponseRecorded.v2.json';
import QualityScoreRecorded from '../../../contracts/events/QualityScoreRecorded.v1.json';
import QualityRecordRetracted from '../../../contracts/events/QualityRecordRetracted.v1.json';
import QuestionnaireDispatchedV1 from '../../../contracts/events/QuestionnaireDispatched.v1.json';
import QuestionnaireDispatched from '../../../contracts/events/QuestionnaireDispatched.v2.json';
import QuestionnairePublished from '../../../contracts/events/QuestionnairePublished.v1.json';
import QuestionnaireResponseAccepted from '../../../contracts/events/QuestionnaireResponseAccepted.v1.json';
import QuestionnaireResponseAmended from '../../../contracts/events/QuestionnaireResponseAmended.v1.json';
import QuestionnaireResponseEnteredInError from '../../../contracts/events/QuestionnaireResponseEnteredInError.v1.json';
import QuestionnaireResponseScored from '../../../contracts/events/QuestionnaireResponseScored.v1.json';
import ProPackagePublished from '../../../contracts/events/ProPackagePublished.v1.json';
import QuestionnaireRetired from '../../../contracts/events/QuestionnaireRetired.v1.json';
import OrderPlaced from '../../../contracts/events/OrderPlaced.v1.json';
import QuestionnaireDue from '../../../contracts/events/QuestionnaireDue.v1.json';
import OrderCompleted from '../../../contracts/events/OrderCompleted.v1.json';
import OrderStoppedV1 from '../../../contracts/events/OrderStopped.v1.json';
import OrderStopped from '../../../contracts/events/OrderStopped.v2.json';
import ReminderDue from '../../../contracts/events/ReminderDue.v1.json';
import DispatchExpired from '../../../contracts/events/DispatchExpired.v1.json';
import DispatchAnswered from '../../../contracts/events/DispatchAnswered.v1.json';
import NotificationRequested from '../../../contracts/events/NotificationRequested.v1.json';
import ResponseRateChangedV1 from '../../../contracts/events/ResponseRateChanged.v1.json';
import ResponseRateChanged from '../../../contracts/events/ResponseRateChanged.v2.json';
import MeasureReportPublished from '../../../contracts/events/MeasureReportPublished.v1.json';
import IndicatorSubscriptionGranted from '../../../contracts/events/IndicatorSubscriptionGranted.v1.json';
import IndicatorSubscriptionRevoked from '../../../contracts/events/IndicatorSubscriptionRevoked.v1.json';
import OrganisationRegistered from '../../../contracts/events/OrganisationRegistered.v1.json';
import ResearchProjectRegistered from '../../../contracts/events/ResearchProjectRegistered.v1.json';
import CareRelationshipStarted from '../../../contracts/events/CareRelationshipStarted.v1.json';
import CareRelationshipEnded from '../../../contracts/events/CareRelationshipEnded.v1.json';
import ConsentWithdrawn from '../../../contracts/events/ConsentWithdrawn.v1.json';
import AccessBlocked from '../../../contracts/events/AccessBlocked.v1.json';
import BlockLifted from '../../../contracts/events/BlockLifted.v1.json';
import BlockOverridden from '../../../contracts/events/BlockOverridden.v1.json';
import AccessDecidedV1 from '../../../contracts/events/AccessDecided.v1.json';
import AccessDecidedV2 from '../../../contracts/events/AccessDecided.v2.json';
import AccessDecided from '../../../contracts/events/AccessDecided.v3.json';
import ReidentificationRequested from '../../../contracts/events/ReidentificationRequested.v1.json';
import ReidentificationApproved from '../../../contracts/events/ReidentificationApproved.v1.json';
import ReidentificationReleased from '../../../contracts/events/ReidentificationReleased.v1.json';
import ReidentificationRefused from '../../../contracts/events/ReidentificationRefused.v1.json';
import ReidentificationIdentitiesRead from '../../../contracts/events/ReidentificationIdentitiesRead.v1.json';
import ResearchRecordReleased from '../../../contracts/events/ResearchRecordReleased.v1.json';
import ResearchScoresReleased from '../../../contracts/events/ResearchScoresReleased.v1.json';
import ResearchRecordsRetracted from '../../../contracts/events/ResearchRecordsRetracted.v1.json';
import type { EventType } from './events';
import { researchTopicOf, TOPIC_TEMPLATES, TOPICS, type Topic, type TopicTemplate } from './topics';

export interface EventContract {
  type: EventType;
  /** The current schema version: producers write it, and readers see every event upcast to it. */
  schemaVersion: number;
  /** The topic, or a template whose `{project}` is the event's `projectId` (one topic per research project). */
  topic: Topic | TopicTemplate;
  /** JSON Schema of the current version. */
  schema: object;
  /**
   * JSON Schemas of the older versions still found in event stores and topics (kept forever), by version.
   * Each older version N needs an upcaster N → N+1 in upcasters/index.ts.
   */
  previousSchemas?: Readonly<Record<number, object>>;
}

/** Every event type: its current schema version, the topic it is published on, its JSON Schemas. */
export const EVENT_CONTRACTS: Record<EventType, EventContract> = {
  // v2 encrypts `cpr` (crypto-shredding); v1 (clear CPR) is kept so old bytes are recognised and refused clearly.
  // v3 adds the optional birthDate (for age bands at the quality door).
  PatientRegistered: { type: 'PatientRegistered', schemaVersion: 3, topic: TOPICS.consent, schema: PatientRegistered, previousSchemas: { 1: PatientRegisteredV1, 2: PatientRegisteredV2 } },
  PatientErased: { type: 'PatientErased', schemaVersion: 1, topic: TOPICS.consent, schema: PatientErased },
  ConsentGranted: { type: 'ConsentGranted', schemaVersion: 1, topic: TOPICS.consent, schema: ConsentGranted },
  QuestionnairePublished: { type: 'QuestionnairePublished', schemaVersion: 1, topic: TOPICS.questionnaireBank, schema: QuestionnairePublished },
  // v2 adds the optional order (id, occurrence) the dispatch belongs to.
  QuestionnaireDispatched: { type: 'QuestionnaireDispatched', schemaVersion: 2, topic: TOPICS.dispatch, schema: QuestionnaireDispatched, previousSchemas: { 1: QuestionnaireDispatchedV1 } },
  QuestionnaireResponseAccepted: {
    type: 'QuestionnaireResponseAccepted',
    schemaVersion: 1,
    topic: TOPICS.intake,
    schema: QuestionnaireResponseAccepted,
  },
  QuestionnaireResponseAmended: { type: 'QuestionnaireResponseAmended', schemaVersion: 1, topic: TOPICS.intake, schema: QuestionnaireResponseAmended },
  QuestionnaireResponseEnteredInError: { type: 'QuestionnaireResponseEnteredInError', schemaVersion: 1, topic: TOPICS.intake, schema: QuestionnaireResponseEnteredInError },
  QuestionnaireResponseScored: { type: 'QuestionnaireResponseScored', schemaVersion: 1, topic: TOPICS.intake, schema: QuestionnaireResponseScored },
  ProPackagePublished: { type: 'ProPackagePublished', schemaVersion: 1, topic: TOPICS.questionnaireBank, schema: ProPackagePublished },
  QuestionnaireRetired: { type: 'QuestionnaireRetired', schemaVersion: 1, topic: TOPICS.questionnaireBank, schema: QuestionnaireRetired },
  QualityDispatchRecorded: {
    type: 'QualityDispatchRecorded',
    schemaVersion: 2,
    topic: TOPICS.qualityRecords,
    schema: QualityDispatchRecorded,
    previousSchemas: { 1: QualityDispatchRecordedV1 },
  },
  QualityResponseRecorded: {
    type: 'QualityResponseRecorded',
    schemaVersion: 2,
    topic: TOPICS.qualityRecords,
    schema: QualityResponseRecorded,
    previousSchemas: { 1: QualityResponseRecordedV1 },
  },
  QualityScoreRecorded: { type: 'QualityScoreRecorded', schemaVersion: 1, topic: TOPICS.qualityRecords, schema: QualityScoreRecorded },
  QualityRecordRetracted: { type: 'QualityRecordRetracted', schemaVersion: 1, topic: TOPICS.qualityRecords, schema: QualityRecordRetracted },
  // Retired (no longer published since MeasureReportPublished); registered so the topic's history stays readable.
  ResponseRateChanged: {
    type: 'ResponseRateChanged',
    schemaVersion: 2,
    topic: TOPICS.indicators,
    schema: ResponseRateChanged,
    previousSchemas: { 1: ResponseRateChangedV1 },
  },
  MeasureReportPublished: { type: 'MeasureReportPublished', schemaVersion: 1, topic: TOPICS.indicators, schema: MeasureReportPublished },
  IndicatorSubscriptionGranted: { type: 'IndicatorSubscriptionGranted', schemaVersion: 1, topic: TOPICS.indicators, schema: IndicatorSubscriptionGranted },
  IndicatorSubscriptionRevoked: { type: 'IndicatorSubscriptionRevoked', schemaVersion: 1, topic: TOPICS.indicators, schema: IndicatorSubscriptionRevoked },
  OrderPlaced: { type: 'OrderPlaced', schemaVersion: 1, topic: TOPICS.dispatch, schema: OrderPlaced },
  QuestionnaireDue: { type: 'QuestionnaireDue', schemaVersion: 1, topic: TOPICS.dispatch, schema: QuestionnaireDue },
  OrderCompleted: { type: 'OrderCompleted', schemaVersion: 1, topic: TOPICS.dispatch, schema: OrderCompleted },
  // v2 adds the reason 'patient-erased'.
  OrderStopped: { type: 'OrderStopped', schemaVersion: 2, topic: TOPICS.dispatch, schema: OrderStopped, previousSchemas: { 1: OrderStoppedV1 } },
  ReminderDue: { type: 'ReminderDue', schemaVersion: 1, topic: TOPICS.dispatch, schema: ReminderDue },
  DispatchExpired: { type: 'DispatchExpired', schemaVersion: 1, topic: TOPICS.dispatch, schema: DispatchExpired },
  DispatchAnswered: { type: 'DispatchAnswered', schemaVersion: 1, topic: TOPICS.dispatch, schema: DispatchAnswered },
  NotificationRequested: { type: 'NotificationRequested', schemaVersion: 1, topic: TOPICS.notifications, schema: NotificationRequested },
  OrganisationRegistered: { type: 'OrganisationRegistered', schemaVersion: 1, topic: TOPICS.consent, schema: OrganisationRegistered },
  ResearchProjectRegistered: { type: 'ResearchProjectRegistered', schemaVersion: 1, topic: TOPICS.consent, schema: ResearchProjectRegistered },
  CareRelationshipStarted: { type: 'CareRelationshipStarted', schemaVersion: 1, topic: TOPICS.consent, schema: CareRelationshipStarted },
  CareRelationshipEnded: { type: 'CareRelationshipEnded', schemaVersion: 1, topic: TOPICS.consent, schema: CareRelationshipEnded },
  ConsentWithdrawn: { type: 'ConsentWithdrawn', schemaVersion: 1, topic: TOPICS.consent, schema: ConsentWithdrawn },
  AccessBlocked: { type: 'AccessBlocked', schemaVersion: 1, topic: TOPICS.consent, schema: AccessBlocked },
  BlockLifted: { type: 'BlockLifted', schemaVersion: 1, topic: TOPICS.consent, schema: BlockLifted },
  BlockOverridden: { type: 'BlockOverridden', schemaVersion: 1, topic: TOPICS.consent, schema: BlockOverridden },
  // v2 adds the data kind 'identity' (re-identification) and the optional basis (the request it rests on).
  AccessDecided: { type: 'AccessDecided', schemaVersion: 3, topic: TOPICS.accessLog, schema: AccessDecided, previousSchemas: { 1: AccessDecidedV1, 2: AccessDecidedV2 } },
  ReidentificationRequested: { type: 'ReidentificationRequested', schemaVersion: 1, topic: TOPICS.reidentification, schema: ReidentificationRequested },
  ReidentificationApproved: { type: 'ReidentificationApproved', schemaVersion: 1, topic: TOPICS.reidentification, schema: ReidentificationApproved },
  ReidentificationReleased: { type: 'ReidentificationReleased', schemaVersion: 1, topic: TOPICS.reidentification, schema: ReidentificationReleased },
  ReidentificationRefused: { type: 'ReidentificationRefused', schemaVersion: 1, topic: TOPICS.reidentification, schema: ReidentificationRefused },
  ReidentificationIdentitiesRead: { type: 'ReidentificationIdentitiesRead', schemaVersion: 1, topic: TOPICS.reidentification, schema: ReidentificationIdentitiesRead },
  ResearchRecordReleased: { type: 'ResearchRecordReleased', schemaVersion: 1, topic: TOPIC_TEMPLATES.research.name, schema: ResearchRecordReleased },
  ResearchScoresReleased: { type: 'ResearchScoresReleased', schemaVersion: 1, topic: TOPIC_TEMPLATES.research.name, schema: ResearchScoresReleased },
  ResearchRecordsRetracted: { type: 'ResearchRecordsRetracted', schemaVersion: 1, topic: TOPIC_TEMPLATES.research.name, schema: ResearchRecordsRetracted },
};

export function isKnownEventType(type: string): type is EventType {
  return Object.prototype.hasOwnProperty.call(EVENT_CONTRACTS, type);
}

export function contractOf(type: string): EventContract {
  if (!isKnownEventType(type)) throw new Error(`no contract for event type ${type}`);
  return EVENT_CONTRACTS[type];
}

/**
 * The topic one event is published on: the contract's topic, or for a per-project template the project's own
 * topic named by the event's `projectId`. Throws when a templated event names no valid project.
 */
export function topicOf(type: string, data: unknown): string {
  const { topic } = contractOf(type);
  if (topic !== TOPIC_TEMPLATES.research.name) return topic;
  const projectId = (data as { projectId?: unknown } | null)?.projectId;
  return researchTopicOf(typeof projectId === 'string' ? projectId : '');
}

/** Every schema version of a type that readers accept, oldest first; the last one is current. */
export function schemaVersionsOf(type: string): number[] {
  const contract = contractOf(type);
  return [...Object.keys(contract.previousSchemas ?? {}).map(Number), contract.schemaVersion].sort((a, b) => a - b);
}

/** The JSON Schema of one version of a type, or undefined when that version never existed. */
export function schemaOf(type: string, schemaVersion: number): object | undefined {
  const contract = contractOf(type);
  return schemaVersion === contract.schemaVersion ? contract.schema : contract.previousSchemas?.[schemaVersion];
}
