import { Kafka, logLevel, type Producer } from 'kafkajs';
import type { Logger } from './logger';

process.env.KAFKAJS_NO_PARTITIONER_WARNING = '1';

/** A kafkajs client whose logs go to the service's structured logger. */
export function createKafka(clientId: string, brokers: string[], logger: Logger): Kafka {
  return new Kafka({
    clientId,
    brokers,
    logLevel: logLevel.WARN,
    logCreator: () => ({ level, log }) => {
      const { message, ...fields } = log;
      const write = level <= logLevel.ERROR ? logger.error : logger.warn;
      write.call(logger, { kafkajs: fields }, message);
    },
    retry: { retries: 8 },
  });
}

/** Idempotent producer: the broker drops a retried duplicate, so relay retries do not duplicate messages. */
export async function connectProducer(kafka: Kafka): Promise<Producer> {
  // Unlimited retries: kafkajs warns that a bounded retry count can break the idempotence guarantee.
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false, retry: { retries: Number.MAX_SAFE_INTEGER, maxRetryTime: 30_000 } });
  await producer.connect();
  return producer;
}
