import ConsentGranted from '../../../contracts/events/ConsentGranted.v1.json';
import PatientRegistered from '../../../contracts/events/PatientRegistered.v1.json';
import QualityDispatchRecorded from '../../../contracts/events/QualityDispatchRecorded.v1.json';
import QualityResponseRecorded from '../../../contracts/events/QualityResponseRecorded.v1.json';
import QuestionnaireDispatched from '../../../contracts/events/QuestionnaireDispatched.v1.json';
import QuestionnairePublished from '../../../contracts/events/QuestionnairePublished.v1.json';
import QuestionnaireResponseAccepted from '../../../contracts/events/QuestionnaireResponseAccepted.v1.json';
import ResponseRateChanged from '../../../contracts/events/ResponseRateChanged.v1.json';
import OrganisationRegistered from '../../../contracts/events/OrganisationRegistered.v1.json';
import ResearchProjectRegistered from '../../../contracts/events/ResearchProjectRegistered.v1.json';
import CareRelationshipStarted from '../../../contracts/events/CareRelationshipStarted.v1.json';
import CareRelationshipEnded from '../../../contracts/events/CareRelationshipEnded.v1.json';
import ConsentWithdrawn from '../../../contracts/events/ConsentWithdrawn.v1.json';
import AccessBlocked from '../../../contracts/events/AccessBlocked.v1.json';
import BlockLifted from '../../../contracts/events/BlockLifted.v1.json';
import BlockOverridden from '../../../contracts/events/BlockOverridden.v1.json';
import AccessDecided from '../../../contracts/events/AccessDecided.v1.json';
import type { EventType } from './events';
import { TOPICS, type Topic } from './topics';

export interface EventContract {
  type: EventType;
  schemaVersion: number;
  topic: Topic;
  schema: object;
}

/** Every event type: its current schema version, the topic it is published on, its JSON Schema. */
export const EVENT_CONTRACTS: Record<EventType, EventContract> = {
  PatientRegistered: { type: 'PatientRegistered', schemaVersion: 1, topic: TOPICS.consent, schema: PatientRegistered },
  ConsentGranted: { type: 'ConsentGranted', schemaVersion: 1, topic: TOPICS.consent, schema: ConsentGranted },
  QuestionnairePublished: { type: 'QuestionnairePublished', schemaVersion: 1, topic: TOPICS.questionnaireBank, schema: QuestionnairePublished },
  QuestionnaireDispatched: { type: 'QuestionnaireDispatched', schemaVersion: 1, topic: TOPICS.dispatch, schema: QuestionnaireDispatched },
  QuestionnaireResponseAccepted: {
    type: 'QuestionnaireResponseAccepted',
    schemaVersion: 1,
    topic: TOPICS.intake,
    schema: QuestionnaireResponseAccepted,
  },
  QualityDispatchRecorded: { type: 'QualityDispatchRecorded', schemaVersion: 1, topic: TOPICS.qualityRecords, schema: QualityDispatchRecorded },
  QualityResponseRecorded: { type: 'QualityResponseRecorded', schemaVersion: 1, topic: TOPICS.qualityRecords, schema: QualityResponseRecorded },
  ResponseRateChanged: { type: 'ResponseRateChanged', schemaVersion: 1, topic: TOPICS.indicators, schema: ResponseRateChanged },
  OrganisationRegistered: { type: 'OrganisationRegistered', schemaVersion: 1, topic: TOPICS.consent, schema: OrganisationRegistered },
  ResearchProjectRegistered: { type: 'ResearchProjectRegistered', schemaVersion: 1, topic: TOPICS.consent, schema: ResearchProjectRegistered },
  CareRelationshipStarted: { type: 'CareRelationshipStarted', schemaVersion: 1, topic: TOPICS.consent, schema: CareRelationshipStarted },
  CareRelationshipEnded: { type: 'CareRelationshipEnded', schemaVersion: 1, topic: TOPICS.consent, schema: CareRelationshipEnded },
  ConsentWithdrawn: { type: 'ConsentWithdrawn', schemaVersion: 1, topic: TOPICS.consent, schema: ConsentWithdrawn },
  AccessBlocked: { type: 'AccessBlocked', schemaVersion: 1, topic: TOPICS.consent, schema: AccessBlocked },
  BlockLifted: { type: 'BlockLifted', schemaVersion: 1, topic: TOPICS.consent, schema: BlockLifted },
  BlockOverridden: { type: 'BlockOverridden', schemaVersion: 1, topic: TOPICS.consent, schema: BlockOverridden },
  AccessDecided: { type: 'AccessDecided', schemaVersion: 1, topic: TOPICS.accessLog, schema: AccessDecided },
};

export function isKnownEventType(type: string): type is EventType {
  return Object.prototype.hasOwnProperty.call(EVENT_CONTRACTS, type);
}

export function contractOf(type: string): EventContract {
  if (!isKnownEventType(type)) throw new Error(`no contract for event type ${type}`);
  return EVENT_CONTRACTS[type];
}
