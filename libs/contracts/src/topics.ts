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
