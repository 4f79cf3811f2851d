import { Transform } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';
import { DEFAULT_MIN_COUNT } from '@hub/indicator-projections';

export const INDICATORS_CONFIG = Symbol('INDICATORS_CONFIG');

export class IndicatorsConfig {
  /** Cells with a denominator below this are published without counts (and their complements with them). */
  @Transform(({ value }) => (value === undefined || value === '' ? DEFAULT_MIN_COUNT : Number(value)))
  @IsInt({ message: 'INDICATOR_MIN_COUNT must be a whole number' })
  @Min(1)
  @Max(1000)
  INDICATOR_MIN_COUNT: number = DEFAULT_MIN_COUNT;
}
