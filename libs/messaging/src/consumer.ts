import type { Consumer, EachMessagePayload, Kafka, Producer } from 'kafkajs';
import type { Pool, PoolClient } from 'pg';
import { isKnownEventType, TOPICS, upcastEvent, type EventPayloads, type EventType } from '@hub/contracts';
import { applySchema, inTransaction } from '@hub/event-store';
import { HEADER, headerString } from './headers';
import { claimInboxEntry, INBOX_DDL, storeOffset } from './inbox';
import type { Logger } from './logger';

/** An event as a consumer sees it: validated against its contract and upcast to the current schema version. */
export interface ConsumedEvent<T extends EventType = EventType> {
  eventId: string;
  type: T;
  /** Always the contract's current version: older payloads are upcast before handlers see them. */
  schemaVersion: number;
  /** The version the producer wrote (the schema-version header); differs from schemaVersion when upcast. */
  publishedSchemaVersion: number;
  streamId: string;
  data: EventPayloads[T];
  topic: string;
  partition: number;
  offset: string;
}

/** Applies one event inside the consumer's transaction; throw to retry, the error's `retriable: false` to dead-letter at once. */
export type EventHandler<T extends EventType> = (event: ConsumedEvent<T>, tx: PoolClient) => Promise<void>;
export type EventHandlers = { [T in EventType]?: EventHandler<T> };

export interface ConsumerOptions {
  name: string;
  kafka: Kafka;
  pool: Pool;
  producer: Producer;
  topics: string[];
  handlers: EventHandlers;
  logger: Logger;
  maxAttempts?: number;
  backoffMs?: number;
}

export interface RunningConsumer {
  consumer: Consumer;
  stop(): Promise<void>;
}

class PoisonMessage extends Error {
  readonly retriable = false;
}

function parse(payload: EachMessagePayload): ConsumedEvent {
  const { topic, partition, message } = payload;
  const eventId = headerString(message.headers, HEADER.eventId);
  const type = headerString(message.headers, HEADER.eventType);
  const schemaVersion = Number(headerString(message.headers, HEADER.schemaVersion));
  if (!eventId || !type) throw new PoisonMessage('missing event-id or event-type header');
  if (!isKnownEventType(type)) throw new PoisonMessage(`unknown event type ${type}`);
  let data: unknown;
  try {
    data = JSON.parse(message.value?.toString('utf8') ?? '');
  } catch {
    throw new PoisonMessage('value is not JSON');
  }
  // Handlers are written against the current contract only; a bad or unknown-version payload is poison.
  const current = upcastEvent(type, schemaVersion, data);
  return { eventId, type, schemaVersion: current.schemaVersion, publishedSchemaVersion: schemaVersion, data: current.data, streamId: message.key?.toString('utf8') ?? '', topic, partition, offset: message.offset } as ConsumedEvent;
}

/** Connection-level failures (database down) are waited out, never dead-lettered: the message is fine. */
function isInfrastructureFailure(err: unknown): boolean {
  const code = (err as { code?: string })?.code ?? '';
  return ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', '57P01', '57P03', '08006', '08001', '08003'].includes(code) || /Connection terminated/i.test(String(err));
}

/**
 * An effectively-once consumer: inbox row + state change + stored offset commit in one Postgres transaction,
 * then the Kafka offset is committed. A redelivered event finds its inbox row and has no second effect.
 * Poison messages go to the dead-letter topic with the reason, after bounded retries with backoff.
 */
export async function startConsumer(options: ConsumerOptions): Promise<RunningConsumer> {
  const { name, kafka, pool, producer, logger } = options;
  const maxAttempts = options.maxAttempts ?? 5;
  const backoffMs = options.backoffMs ?? 200;
  await applySchema(pool, INBOX_DDL);
  const consumer = kafka.consumer({ groupId: name, allowAutoTopicCreation: false });
  await consumer.connect();
  await consumer.subscribe({ topics: options.topics, fromBeginning: true });

  async function apply(event: ConsumedEvent): Promise<void> {
    const handler = options.handlers[event.type] as EventHandler<EventType> | undefined;
    await inTransaction(pool, async (tx) => {
      const fresh = await claimInboxEntry(tx, { consumer: name, eventId: event.eventId, topic: event.topic, partition: event.partition, offset: event.offset, outcome: 'applied' });
      if (fresh && handler) await handler(event, tx);
      await storeOffset(tx, name, event.topic, event.partition, event.offset);
    });
  }

  async function deadLetter(payload: EachMessagePayload, reason: string): Promise<void> {
    const { topic, partition, message } = payload;
    const eventId = headerString(message.headers, HEADER.eventId);
    // The payload stays in its source topic (kept forever); the dead letter only points at it, so a
    // treatment-domain message never leaks into the ops topic.
    await producer.send({
      topic: TOPICS.deadLetter,
      messages: [{ key: name, value: JSON.stringify({ consumer: name, topic, partition, offset: message.offset, eventId: eventId ?? null, eventType: headerString(message.headers, HEADER.eventType) ?? null, reason }) }],
    });
    await inTransaction(pool, async (tx) => {
      if (eventId && /^[0-9a-f-]{36}$/i.test(eventId)) {
        await claimInboxEntry(tx, { consumer: name, eventId, topic, partition, offset: message.offset, outcome: 'dead-lettered' });
      }
      await storeOffset(tx, name, topic, partition, message.offset);
    });
    logger.warn({ consumer: name, topic, partition, offset: message.offset, reason }, 'message dead-lettered');
  }

  async function handle(payload: EachMessagePayload): Promise<void> {
    let event: ConsumedEvent;
    try {
      event = parse(payload);
    } catch (err) {
      return deadLetter(payload, (err as Error).message);
    }
    for (let attempt = 1; ; attempt++) {
      try {
        return await apply(event);
      } catch (err) {
        const infra = isInfrastructureFailure(err);
        const retriable = infra || (err as { retriable?: boolean }).retriable !== false;
        if (!infra && (!retriable || attempt >= maxAttempts)) return deadLetter(payload, (err as Error).message);
        logger.warn({ consumer: name, eventId: event.eventId, attempt, err }, infra ? 'database unavailable; pausing' : 'handler failed; retrying');
        await new Promise((r) => setTimeout(r, Math.min(backoffMs * 2 ** Math.min(attempt, 6), 10_000)));
      }
    }
  }

  await consumer.run({ eachMessage: handle });
  return {
    consumer,
    async stop() {
      // kafkajs finishes the message in hand before disconnecting.
      await consumer.disconnect();
    },
  };
}
