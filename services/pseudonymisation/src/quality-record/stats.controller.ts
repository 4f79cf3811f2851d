import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Pool } from 'pg';
import { privacyRefusalsByTopic } from '@hub/messaging';
import { POOL, Roles } from '@hub/service-kit';
import { heldCount } from './door.tables';
import { QUALITY_RECORD_TYPES, type QualityRecordType } from './quality-record';

export interface DoorStats {
  /** Quality records stored for release, by type (the relay publishes every one). */
  released: Record<QualityRecordType, number>;
  total: number;
  /** Records waiting for their dispatch record (see door.tables.ts). */
  held: number;
  /** Payloads the privacy guard refused in this process since it started, per topic (CPR-like values). */
  privacyRefusals: Record<string, number>;
}

/** What this door has let out and refused: counts only, nothing about anyone. */
@ApiTags('pseudonyms')
@Controller('pseudonyms')
export class StatsController {
  constructor(@Inject(POOL) private readonly pool: Pool) {}

  @Get('stats')
  @Roles('administrator', 'auditor')
  @ApiOkResponse({ description: 'Quality records released by event type, records held for their dispatch, and privacy-guard refusals per topic' })
  async stats(): Promise<DoorStats> {
    const { rows } = await this.pool.query<{ type: QualityRecordType; n: number }>('SELECT type, count(*)::int AS n FROM events WHERE type = ANY($1) GROUP BY type', [QUALITY_RECORD_TYPES]);
    const released = Object.fromEntries(QUALITY_RECORD_TYPES.map((t) => [t, rows.find((r) => r.type === t)?.n ?? 0])) as Record<QualityRecordType, number>;
    return { released, total: rows.reduce((sum, r) => sum + r.n, 0), held: await heldCount(this.pool), privacyRefusals: privacyRefusalsByTopic() };
  }
}
