import { metrics, type Counter } from '@opentelemetry/api';
import { classificationOf } from '@hub/contracts';

/**
 * A CPR number anywhere in a value: DDMMYY, optional separator, four digits, with a plausible day and month.
 * Deliberately broad (it does not check the control digit, which post-2007 numbers may fail).
 */
export const CPR_LIKE = /(?<!\d)(0[1-9]|[12]\d|3[01])(0[1-9]|1[0-2])\d{2}[-\s]?\d{4}(?!\d)/;

/**
 * A canonical UUID. Ids are UUIDs, and a random one holds a CPR-shaped run about once in a thousand
 * (`ab010190-1234-…`): uncaught, one such id on an ops topic would stop the relay. A UUID is never a CPR number,
 * so whole UUIDs are taken out before looking; a CPR number next to one is still found.
 */
export const UUID = /(?<![0-9a-f])[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}(?![0-9a-f])/gi;

/**
 * CPR_LIKE on the text with its UUIDs blanked out. Taking out a UUID cannot create a match: a UUID is bounded by
 * non-hex characters (its lookarounds), so the blank that replaces it has no digit on either side and can neither
 * join digits as a separator nor free a match's `(?<!\d)`/`(?!\d)` boundary. So text that does not match as it
 * stands needs no blanking, and nearly all text does not: the relay checks every string of every event.
 */
const isCprLike = (text: string) => CPR_LIKE.test(text) && CPR_LIKE.test(text.replace(UUID, ' '));

export class PrivacyViolation extends Error {
  readonly code = 'denied';
  readonly retriable = false;
  constructor(
    readonly topic: string,
    readonly path: string,
  ) {
    super(`refused to publish a CPR-like value at ${path} to ${topic}: only treatment topics may carry identifiers`);
  }
}

/** Whether any string or number in a value looks like a CPR number (findCprLike without building paths). */
function holdsCprLike(value: unknown): boolean {
  if (typeof value === 'string') return isCprLike(value);
  if (typeof value === 'number') return CPR_LIKE.test(String(value));
  if (Array.isArray(value)) return value.some(holdsCprLike);
  if (value && typeof value === 'object') {
    for (const key of Object.keys(value)) if (holdsCprLike((value as Record<string, unknown>)[key])) return true;
  }
  return false;
}

/** Path of the first string value that looks like a CPR number, or undefined. */
export function findCprLike(value: unknown, path = '$'): string | undefined {
  // The common case, nothing found, without building a path string per member.
  if (path === '$' && !holdsCprLike(value)) return undefined;
  if (typeof value === 'string') return isCprLike(value) ? path : undefined;
  if (typeof value === 'number') return CPR_LIKE.test(String(value)) ? path : undefined;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const hit = findCprLike(value[i], `${path}[${i}]`);
      if (hit) return hit;
    }
    return undefined;
  }
  if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      const hit = findCprLike(v, `${path}.${k}`);
      if (hit) return hit;
    }
  }
  return undefined;
}

/**
 * Refusals per topic, in process (for a service's own stats endpoint) and as an OpenTelemetry counter (for
 * dashboards and alerts; a no-op until a meter provider is registered). A refusal means a producer tried to put
 * something CPR-like where it must never go: each one is worth a look, so none may pass unseen.
 */
const refusalsByTopic = new Map<string, number>();
let refusalCounter: Counter | undefined;

function countRefusal(topic: string): void {
  refusalsByTopic.set(topic, (refusalsByTopic.get(topic) ?? 0) + 1);
  // Created at the first refusal, not at import: the metrics API has no proxy provider, so a counter made before
  // the SDK registered its meter provider would stay a no-op for the life of the process.
  refusalCounter ??= metrics.getMeter('@hub/messaging').createCounter('hub.privacy_guard.refusals', {
    description: 'Payloads the privacy guard refused to publish because they held a CPR-like value, by topic',
  });
  refusalCounter.add(1, { 'messaging.destination.name': topic });
}

/** Throws PrivacyViolation when a non-treatment topic would receive a CPR-like value. Counts refusals per topic. */
export function assertPublishable(topic: string, payload: unknown): void {
  if (classificationOf(topic) === 'treatment') return;
  const path = findCprLike(payload);
  if (path) {
    countRefusal(topic);
    throw new PrivacyViolation(topic, path);
  }
}

/** Refusals in this process since it started, over all topics. */
export function privacyRefusalCount(): number {
  let total = 0;
  for (const n of refusalsByTopic.values()) total += n;
  return total;
}

/** Refusals in this process since it started, per topic (topics with none are absent). */
export function privacyRefusalsByTopic(): Record<string, number> {
  return Object.fromEntries([...refusalsByTopic.entries()].sort(([a], [b]) => a.localeCompare(b)));
}
