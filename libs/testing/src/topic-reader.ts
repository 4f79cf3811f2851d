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
 * (a quality database, an auditor): from offset 0 to the high-water mark of each partition.
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
  await consumer.subscribe({ topics, fromBeginning: true });
  const messages: ReadMessage[] = [];
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`did not reach the end of ${topics.join(', ')}`)), 30_000);
    consumer
      .run({
        eachMessage: async ({ topic, partition, message }) => {
          const headers = Object.fromEntries(Object.entries(message.headers ?? {}).map(([k, v]) => [k, String(Array.isArray(v) ? v[0] : v)]));
          messages.push({ topic, partition, offset: message.offset, key: message.key?.toString() ?? null, value: message.value?.toString() ?? '', headers });
          const key = `${topic}:${partition}`;
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
