import { Transform } from 'class-transformer';
import { IsIn, IsInt, Max, Min } from 'class-validator';

/** Dispatch's own settings, on top of the base ones every service validates at start. */
export class DispatchConfig {
  /** `system` (default) or `controlled`: a clock moved only by `POST /admin/clock`, for tests and drills. */
  @IsIn(['system', 'controlled'], { message: "HUB_CLOCK must be 'system' or 'controlled'" })
  HUB_CLOCK: 'system' | 'controlled' = 'system';

  /** How often the scheduler asks "what is due now?". */
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(50)
  @Max(3_600_000)
  SCHEDULER_INTERVAL_MS: number = 1000;
}
