import type { Projection } from '../projection';
import { responseRateProjection } from './response-rate.projection';

export * from './response-rate.projection';
export * from './response-rate.table';

/** Every projection an operator or auditor can rebuild by name (hubctl's `--projection`). */
export const PROJECTIONS: readonly Projection[] = [responseRateProjection as Projection];

export function projectionNamed(name: string): Projection | undefined {
  return PROJECTIONS.find((p) => p.name === name);
}
