import { Controller, Get, HttpCode, Inject, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Kafka } from 'kafkajs';
import type { Pool } from 'pg';
import type { Logger as PinoLogger } from 'pino';
import type { PartitionLag } from '@hub/messaging';
import { digestRows, rebuildFromKafka, responseRateProjection, type RebuildResult } from '@hub/projections';
import { illegalState, KAFKA, LOGGER, POOL, Roles } from '@hub/service-kit';
import { QualityConsumer } from './quality.consumer';

const projection = responseRateProjection;

/**
 * Operator endpoints for the response-rate projection: its digest and the live consumer's lag, and a rebuild
 * from Kafka offset 0 that swaps the rebuilt table in when the live one differs (e.g. a corrupted row).
 */
@ApiTags('operations')
@Controller('indicators/projections/response-rate')
export class ProjectionAdminController {
  private rebuilding = false;

  constructor(
    @Inject(POOL) private readonly pool: Pool,
    @Inject(KAFKA) private readonly kafka: Kafka,
    @Inject(LOGGER) private readonly logger: PinoLogger,
    private readonly consumer: QualityConsumer,
  ) {}

  @Get()
  @Roles('administrator', 'auditor')
  @ApiOperation({ summary: 'Digest of the live projection and the lag of the consumer feeding it' })
  async status(): Promise<{ projection: string; rows: number; digest: string; lag: PartitionLag[] }> {
    const rows = await projection.rows(this.pool, projection.table);
    return { projection: projection.name, rows: rows.length, digest: digestRows(rows), lag: await this.consumer.lag() };
  }

  @Post('rebuild')
  @Roles('administrator')
  @HttpCode(200)
  @ApiOperation({ summary: 'Rebuild from Kafka offset 0 into a twin table, compare digests, swap it in when they differ' })
  @ApiOkResponse({ description: 'Both digests, whether the twin was swapped in, and how many events were applied' })
  async rebuild(): Promise<{ projection: string } & RebuildResult> {
    if (this.rebuilding) throw illegalState('a rebuild of this projection is already running');
    this.rebuilding = true;
    try {
      const result = await rebuildFromKafka(this.pool, this.kafka, projection, {
        onUnreadable: (where, reason) => this.logger.warn({ where, reason }, 'rebuild passed over an unreadable message'),
      });
      this.logger.info({ projection: projection.name, ...result }, result.swapped ? 'projection rebuilt and swapped in: the live table differed' : 'projection rebuilt: identical to the live table');
      return { projection: projection.name, ...result };
    } finally {
      this.rebuilding = false;
    }
  }
}
