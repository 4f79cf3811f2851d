import { randomUUID } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';

export interface ReadMessage {
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
  value: string;
  headers: Record<string, string>;
}

/**
 * Reads every message currently on the given topics with a fresh consumer group, as an outside party would
 * (a quality database, an auditor): from offset 0 to the high-water mark each partition had when the read began.
 * Messages that arrive later are left out even when the consumer happens to fetch them: otherwise one partition
 * could show a newer message while another, read to its older mark, misses an earlier one, and a caller that
 * waits for "the last event" would see a set the producer never had on the topic at any one moment.
 */
export async function readAllMessages(brokers: string[], topics: string[]): Promise<ReadMessage[]> {
  const kafka = new Kafka({ clientId: 'test-reader', brokers, logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  const targets = new Map<string, bigint>();
  for (const topic of topics) {
    for (const p of await admin.fetchTopicOffsets(topic)) if (BigInt(p.high) > 0n) targets.set(`${topic}:${p.partition}`, BigInt(p.high));
  }
  await admin.disconnect();
  if (targets.size === 0) return [];
  const consumer = kafka.consumer({ groupId: `test-reader-${randomUUID()}` });
  await consumer.connect();
  const limits = new Map(targets);
  await consumer.subscribe({ topics, fromBeginning: true });
  const messages: ReadMessage[] = [];
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`did not reach the end of ${topics.join(', ')}`)), 30_000);
    consumer
      .run({
        eachMessage: async ({ topic, partition, message }) => {
          const key = `${topic}:${partition}`;
          if (!limits.has(key) || BigInt(message.offset) >= limits.get(key)!) return;
          const headers = Object.fromEntries(Object.entries(message.headers ?? {}).map(([k, v]) => [k, String(Array.isArray(v) ? v[0] : v)]));
          messages.push({ topic, partition, offset: message.offset, key: message.key?.toString() ?? null, value: message.value?.toString() ?? '', headers });
          if (targets.has(key) && BigInt(message.offset) + 1n >= targets.get(key)!) targets.delete(key);
          if (targets.size === 0) {
            clearTimeout(timer);
            resolve();
          }
        },
      })
      .catch(reject);
  });
  await consumer.disconnect();
  return messages;
}
