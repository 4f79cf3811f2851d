import type { Admin } from 'kafkajs';
import { researchTopicOf, TOPIC_TEMPLATES } from '@hub/contracts';

/**
 * Creates the project's topic from the declared template (deploy/topics.yaml `templates`, mirrored in
 * TOPIC_TEMPLATES), because the broker never auto-creates topics. Idempotent: an existing topic is left as is
 * (looked up first, as kafkajs logs an error for every "already exists" answer, e.g. on each replay).
 * Returns the topic name.
 */
export async function ensureProjectTopic(admin: Admin, projectId: string): Promise<string> {
  const topic = researchTopicOf(projectId);
  if ((await admin.listTopics()).includes(topic)) return topic;
  const { partitions, retentionMs, cleanupPolicy } = TOPIC_TEMPLATES.research;
  await admin.createTopics({
    waitForLeaders: true,
    topics: [
      {
        topic,
        numPartitions: partitions,
        replicationFactor: -1, // the broker's default, as deploy/kafka/create-topics.js does
        configEntries: [
          { name: 'retention.ms', value: String(retentionMs) },
          { name: 'cleanup.policy', value: cleanupPolicy },
        ],
      },
    ],
  });
  return topic;
}
