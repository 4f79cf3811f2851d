import { classificationOf } from '@hub/contracts';

/**
 * A CPR number anywhere in a value: DDMMYY, optional separator, four digits, with a plausible day and month.
 * Deliberately broad (it does not check the control digit, which post-2007 numbers may fail).
 */
const CPR_LIKE = /(?<!\d)(0[1-9]|[12]\d|3[01])(0[1-9]|1[0-2])\d{2}[-\s]?\d{4}(?!\d)/;

/**
 * A canonical UUID. Ids are UUIDs, and a random one holds a CPR-shaped run about once in a thousand
 * (`ab010190-1234-…`): uncaught, one such id on an ops topic would stop the relay. A UUID is never a CPR number,
 * so whole UUIDs are taken out before looking; a CPR number next to one is still found.
 */
const UUID = /(?<![0-9a-f])[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}(?![0-9a-f])/gi;

const isCprLike = (text: string) => CPR_LIKE.test(text.replace(UUID, ' '));

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

/** Path of the first string value that looks like a CPR number, or undefined. */
export function findCprLike(value: unknown, path = '$'): string | undefined {
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

let refusals = 0;

/** Throws PrivacyViolation when a non-treatment topic would receive a CPR-like value. Counts refusals. */
export function assertPublishable(topic: string, payload: unknown): void {
  if (classificationOf(topic) === 'treatment') return;
  const path = findCprLike(payload);
  if (path) {
    refusals++;
    throw new PrivacyViolation(topic, path);
  }
}

export function privacyRefusalCount(): number {
  return refusals;
}
