import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Pool } from 'pg';
import { POOL, Roles } from '@hub/service-kit';

const RECORD_TYPES = ['QualityDispatchRecorded', 'QualityResponseRecorded'] as const;

/** How many quality records this door has released, by type: counts only, nothing about anyone. */
@ApiTags('pseudonyms')
@Controller('pseudonyms')
export class StatsController {
  constructor(@Inject(POOL) private readonly pool: Pool) {}

  @Get('stats')
  @Roles('administrator', 'auditor')
  @ApiOkResponse({ description: 'Quality records released, by event type' })
  async stats(): Promise<{ released: Record<(typeof RECORD_TYPES)[number], number>; total: number }> {
    const { rows } = await this.pool.query<{ type: (typeof RECORD_TYPES)[number]; n: number }>(
      'SELECT type, count(*)::int AS n FROM events WHERE type = ANY($1) GROUP BY type',
      [RECORD_TYPES],
    );
    const released = Object.fromEntries(RECORD_TYPES.map((t) => [t, rows.find((r) => r.type === t)?.n ?? 0])) as Record<(typeof RECORD_TYPES)[number], number>;
    return { released, total: rows.reduce((sum, r) => sum + r.n, 0) };
  }
}
