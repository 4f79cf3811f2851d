import type { ResponseRateChanged, ResponseRateChangedV1 } from '../events';

/**
 * v1 → v2. v1 counted every dispatch the indicator had seen, so its period is cumulative (start null) up to
 * `asOf`; the rate follows from the counts, with null for 0 dispatches exactly as v2 producers write it.
 */
export function responseRateChangedV1ToV2(v1: ResponseRateChangedV1): ResponseRateChanged {
  return {
    ...v1,
    rate: v1.denominator === 0 ? null : v1.numerator / v1.denominator,
    period: { start: null, end: v1.asOf },
  };
}
