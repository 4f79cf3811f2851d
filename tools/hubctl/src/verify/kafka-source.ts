import { randomUUID } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import type { LogCopy, Progress } from './log-copy';
import { dropRedeliveries, recordFromMessage, type RelayedMessage } from './kafka-message';

const headerText = (v: unknown): string | undefined => {
  const first = Array.isArray(v) ? v[0] : v;
  return first === undefined || first === null ? undefined : Buffer.isBuffer(first) ? first.toString('utf8') : String(first);
};

/**
 * Reads every message on the topics from the beginning to the current end (high-water marks), as an outside
 * party with its own throwaway consumer group, and returns them in partition order.
 */
export async function readTopics(brokers: string[], topics: string[], progress: Progress, timeoutMs = 120_000): Promise<RelayedMessage[]> {
  const kafka = new Kafka({ clientId: 'hubctl-verify', brokers, logLevel: logLevel.NOTHING, retry: { retries: 2 } });
  const admin = kafka.admin();
  await admin.connect();
  const remaining = new Map<string, bigint>();
  let total = 0;
  try {
    for (const topic of topics) {
      for (const p of await admin.fetchTopicOffsets(topic)) {
        const high = BigInt(p.high);
        if (high > BigInt(p.low)) remaining.set(`${topic}:${p.partition}`, high);
        total += Number(high - BigInt(p.low));
      }
    }
  } finally {
    await admin.disconnect();
  }
  const messages: RelayedMessage[] = [];
  if (remaining.size === 0) return messages;
  const consumer = kafka.consumer({ groupId: `hubctl-verify-${randomUUID()}` });
  await consumer.connect();
  try {
    await consumer.subscribe({ topics, fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`did not reach the end of ${topics.join(', ')} within ${timeoutMs} ms`)), timeoutMs);
      consumer
        .run({
          eachMessage: async ({ topic, partition, message }) => {
            const headers = Object.fromEntries(Object.entries(message.headers ?? {}).map(([k, v]) => [k, headerText(v)]));
            messages.push({ topic, partition, offset: message.offset, key: message.key?.toString() ?? null, value: message.value?.toString() ?? '', headers });
            progress(messages.length, total);
            const key = `${topic}:${partition}`;
            if (BigInt(message.offset) + 1n >= (remaining.get(key) ?? 0n)) remaining.delete(key);
            if (remaining.size === 0) {
              clearTimeout(timer);
              resolve();
            }
          },
        })
        .catch(reject);
    });
  } finally {
    await consumer.disconnect();
  }
  return messages;
}

/** A copy of the log from Kafka: chains and contiguity per stream key; the audit log is not on Kafka. */
export async function readKafka(brokers: string[], topics: string[], progress: Progress): Promise<LogCopy> {
  const messages = await readTopics(brokers, topics, progress);
  return {
    source: `kafka ${brokers.join(',')} topics ${topics.join(', ')}`,
    events: dropRedeliveries(messages.map(recordFromMessage)),
    inSourceOrder: true,
    notes: [],
  };
}
