import { context, createContextKey, propagation, SpanKind, SpanStatusCode, trace, type Span } from '@opentelemetry/api';
import type { Producer } from 'kafkajs';
import { assertValidEvent, topicOf } from '@hub/contracts';
import { canonicalJson, checkpointOfPublishable, START, type Checkpoint, type EventMetadata, type PublishableEvent } from '@hub/event-store';
import { HEADER } from './headers';
import { assertPublishable } from './privacy-guard';
import { contextOf } from './trace-context';

/**
 * The Kafka message of an event: key = stream id, value = data as stored, headers carry the rest of what is hashed.
 * Takes the event as read for publishing (publishableOf turns a StoredEvent into one).
 */
export function toMessage(event: PublishableEvent) {
  const headers: Record<string, string> = {
    [HEADER.eventId]: event.eventId,
    [HEADER.eventType]: event.type,
    [HEADER.schemaVersion]: String(event.schemaVersion),
    [HEADER.streamVersion]: String(event.streamVersion),
    [HEADER.position]: event.globalPosition,
    [HEADER.eventHash]: event.hash,
    [HEADER.prevHash]: event.prevHash,
    [HEADER.recordedAt]: event.recordedAt,
    [HEADER.eventMetadata]: canonicalJson(event.metadata),
  };
  return { key: event.streamId, value: JSON.stringify(event.data), headers };
}

const tracer = trace.getTracer('@hub/messaging');
/**
 * The key of @opentelemetry/core's `suppressTracing` (context keys are `Symbol.for(description)`, so this is
 * the same key; we do not depend on @opentelemetry/core directly). Under it the kafkajs instrumentation neither
 * starts spans nor injects headers, so the per-event trace headers the relay sets survive a batched send.
 */
const SUPPRESS_TRACING = createContextKey('OpenTelemetry SDK Context Key SUPPRESS_TRACING');

/**
 * A producer span per event, child of the trace the event was written under, injected into the message's
 * headers: the consumer continues the writer's trace although the whole batch goes out in one send.
 */
function startSendSpan(metadata: EventMetadata, topic: string, headers: Record<string, string>): Span {
  const parent = contextOf(metadata);
  const span = tracer.startSpan(
    `send ${topic}`,
    { kind: SpanKind.PRODUCER, attributes: { 'messaging.system': 'kafka', 'messaging.destination.name': topic, 'messaging.operation.type': 'send' } },
    parent,
  );
  propagation.inject(trace.setSpan(parent, span), headers);
  return span;
}

type RelayMessage = ReturnType<typeof toMessage>;

/** A batch checked and built into messages, ready to send: what the relay pipeline prepares ahead of sending. */
export interface PreparedBatch {
  size: number;
  /** Where the relay stands once this batch is acknowledged. */
  checkpoint: Checkpoint;
  topicMessages: { topic: string; messages: RelayMessage[] }[];
  /** Per message, what its send span needs (the spans start when the batch is sent, not while it waits). */
  traced: { topic: string; metadata: EventMetadata; headers: Record<string, string> }[];
}

/**
 * Checks every event of a batch (its contract, and the privacy guard for its topic) and builds its message,
 * grouped by topic. Throws on the first bad event: nothing of the batch is sent. Pure CPU work, so the relay does
 * it for the next batch while the current one is on its way to Kafka.
 */
export function prepareBatch(events: readonly PublishableEvent[]): PreparedBatch {
  const byTopic = new Map<string, RelayMessage[]>();
  const traced: PreparedBatch['traced'] = [];
  for (const event of events) {
    // The contract first: it refuses an unknown type before anything looks up that type's topic.
    assertValidEvent(event.type, event.schemaVersion, event.data);
    // Per event, not per type: a research record goes to its own project's topic, and is guarded as research.
    const topic = topicOf(event.type, event.data);
    assertPublishable(topic, event.data);
    const message = toMessage(event);
    traced.push({ topic, metadata: event.metadata, headers: message.headers });
    const messages = byTopic.get(topic);
    if (messages) messages.push(message);
    else byTopic.set(topic, [message]);
  }
  const last = events.at(-1);
  return { size: events.length, checkpoint: last ? checkpointOfPublishable(last) : START, topicMessages: [...byTopic].map(([topic, messages]) => ({ topic, messages })), traced };
}

/**
 * One send per batch, not per trace: a send is a broker round trip (acks from all replicas), and events
 * written by separate requests each carry their own trace, so sending per trace meant a round trip per event.
 */
export async function sendPrepared(producer: Producer, batch: PreparedBatch): Promise<void> {
  const spans: Span[] = batch.traced.map((m) => startSendSpan(m.metadata, m.topic, m.headers));
  try {
    await context.with(context.active().setValue(SUPPRESS_TRACING, true), () => producer.sendBatch({ topicMessages: batch.topicMessages }));
  } catch (err) {
    for (const span of spans) span.setStatus({ code: SpanStatusCode.ERROR, message: (err as Error).message });
    throw err;
  } finally {
    for (const span of spans) span.end();
  }
}
