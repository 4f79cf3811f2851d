import { context, propagation, ROOT_CONTEXT, type Context } from '@opentelemetry/api';
import type { EventMetadata } from '@hub/event-store';

/** The active trace context as event metadata, so whoever publishes the event later continues this trace. */
export function traceMetadata(extra: EventMetadata = {}): EventMetadata {
  const carrier: Record<string, string> = {};
  propagation.inject(context.active(), carrier);
  return { ...extra, ...(carrier.traceparent ? { traceparent: carrier.traceparent } : {}), ...(carrier.tracestate ? { tracestate: carrier.tracestate } : {}) };
}

/** The trace context an event was written under. */
export function contextOf(metadata: EventMetadata): Context {
  if (!metadata.traceparent) return ROOT_CONTEXT;
  return propagation.extract(ROOT_CONTEXT, { traceparent: metadata.traceparent, ...(metadata.tracestate ? { tracestate: metadata.tracestate } : {}) });
}
