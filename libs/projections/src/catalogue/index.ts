import type { Projection } from '../projection';
import { indicatorProjection } from './indicator.projection';
import { responseRateProjection } from './response-rate.projection';

export * from './response-rate.projection';
export * from './response-rate.table';
export * from './indicator.projection';
export * from './indicator.table';

/** Every projection an operator or auditor can rebuild by name (hubctl's `--projection`). */
export const PROJECTIONS: readonly Projection[] = [responseRateProjection as Projection, indicatorProjection as Projection];

export function projectionNamed(name: string): Projection | undefined {
  return PROJECTIONS.find((p) => p.name === name);
}
