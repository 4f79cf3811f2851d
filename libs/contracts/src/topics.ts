/**
 * Topic names, mirroring deploy/topics.yaml (which creates them). Naming: pro.<classification>.<subject>.v<N>.
 * The classification decides what may be published there: only `treatment` may carry identifying data.
 */
export const TOPICS = {
  consent: 'pro.treatment.consent.v1',
  dispatch: 'pro.treatment.dispatch.v1',
  intake: 'pro.treatment.intake.v1',
  accessLog: 'pro.treatment.access-log.v1',
  reidentification: 'pro.treatment.reidentification.v1',
  questionnaireBank: 'pro.public.questionnaire-bank.v1',
  qualityRecords: 'pro.quality.records.v1',
  indicators: 'pro.public.indicators.v1',
  notifications: 'pro.ops.notifications.v1',
  deadLetter: 'pro.ops.deadletter.v1',
} as const;

export type Topic = (typeof TOPICS)[keyof typeof TOPICS];

/**
 * Topics made per research project, mirroring the `templates` of deploy/topics.yaml: the pseudonymisation
 * service creates `pro.research.<projectId>.v1` through the Kafka admin when it learns of the project (the broker
 * never auto-creates topics), so each project reads its own topic and nothing of another project's.
 */
export const TOPIC_TEMPLATES = {
  research: { name: 'pro.research.{project}.v1', partitions: 3, retentionMs: -1, cleanupPolicy: 'delete' },
} as const;

export type TopicTemplate = (typeof TOPIC_TEMPLATES)[keyof typeof TOPIC_TEMPLATES]['name'];

/**
 * A research project id: a slug of lower-case letters, digits and hyphens, at most 40 characters. It becomes
 * part of a topic name, a stream id, a Postgres schema (`research_<id with _>`) and a role name
 * (`research_<id with _>_reader`), which must stay within Postgres's 63-byte identifiers.
 */
export const RESEARCH_PROJECT_ID = /^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$/;

export function isResearchProjectId(value: unknown): value is string {
  return typeof value === 'string' && RESEARCH_PROJECT_ID.test(value);
}

/** The project's own topic; throws on an id that is not a project slug (it would name some other topic). */
export function researchTopicOf(projectId: string): string {
  if (!isResearchProjectId(projectId)) throw new Error(`not a research project id: ${JSON.stringify(projectId)}`);
  return TOPIC_TEMPLATES.research.name.replace('{project}', projectId);
}

export type Classification = 'treatment' | 'quality' | 'research' | 'public' | 'ops';

export function classificationOf(topic: string): Classification {
  const part = topic.split('.')[1];
  switch (part) {
    case 'treatment':
    case 'quality':
    case 'research':
    case 'public':
    case 'ops':
      return part;
    default:
      throw new Error(`topic ${topic} does not follow pro.<classification>.<subject>.v<N>`);
  }
}
