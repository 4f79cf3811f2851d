import { Controller, Get, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { Kafka } from 'kafkajs';
import type { Pool } from 'pg';
import type { Logger as PinoLogger } from 'pino';
import { inTransaction } from '@hub/event-store';
import type { PartitionLag } from '@hub/messaging';
import { digestRows, indicatorProjection, rebuildFromKafka, responseRateProjection, type Projection, type RebuildResult } from '@hub/projections';
import { illegalState, KAFKA, LOGGER, notFound, POOL, Roles } from '@hub/service-kit';
import { CellPublisher } from '../measures/cell-publisher';
import { QualityConsumer } from '../measures/quality.consumer';

const PROJECTIONS: Record<string, Projection> = { 'response-rate': responseRateProjection as Projection, indicators: indicatorProjection as Projection };

/**
 * Operator endpoints for the service's projections: the digest (for `indicators`, SHA-256 over the canonical
 * JSON of every cell in canonical order) and the live consumer's lag, and a rebuild from Kafka offset 0 that
 * swaps the rebuilt table in when the live one differs (e.g. a corrupted row). After a rebuild of the indicators
 * the contributions and reports are recomputed from the facts, publishing a new report for any cell that moved.
 */
@ApiTags('operations')
@Controller('indicators/projections')
export class ProjectionAdminController {
  private rebuilding = false;

  constructor(
    @Inject(POOL) private readonly pool: Pool,
    @Inject(KAFKA) private readonly kafka: Kafka,
    @Inject(LOGGER) private readonly logger: PinoLogger,
    private readonly consumer: QualityConsumer,
    private readonly cells: CellPublisher,
  ) {}

  private projection(name: string): Projection {
    const projection = PROJECTIONS[name];
    if (!projection) throw notFound(`no projection ${name} (known: ${Object.keys(PROJECTIONS).join(', ')})`);
    return projection;
  }

  @Get(':name')
  @Roles('administrator', 'auditor')
  @ApiParam({ name: 'name', enum: Object.keys(PROJECTIONS) })
  @ApiOperation({ summary: 'Digest of the live projection and the lag of the consumer feeding it' })
  async status(@Param('name') name: string): Promise<{ projection: string; rows: number; digest: string; lag: PartitionLag[] }> {
    const projection = this.projection(name);
    const rows = await projection.rows(this.pool, projection.table);
    return { projection: projection.name, rows: rows.length, digest: digestRows(rows), lag: await this.consumer.lag() };
  }

  @Post(':name/rebuild')
  @Roles('administrator')
  @HttpCode(200)
  @ApiParam({ name: 'name', enum: Object.keys(PROJECTIONS) })
  @ApiOperation({ summary: 'Rebuild from Kafka offset 0 into a twin table, compare digests, swap it in when they differ' })
  @ApiOkResponse({ description: 'Both digests, whether the twin was swapped in, how many events were applied and reports republished' })
  async rebuild(@Param('name') name: string): Promise<{ projection: string; republished: number } & RebuildResult> {
    const projection = this.projection(name);
    if (this.rebuilding) throw illegalState('a rebuild is already running');
    this.rebuilding = true;
    try {
      const result = await rebuildFromKafka(this.pool, this.kafka, projection, {
        onUnreadable: (where, reason) => this.logger.warn({ where, reason }, 'rebuild passed over an unreadable message'),
      });
      const republished = projection === PROJECTIONS.indicators && result.swapped ? await inTransaction(this.pool, (tx) => this.cells.republishAll(tx)) : 0;
      this.logger.info({ projection: projection.name, ...result, republished }, result.swapped ? 'projection rebuilt and swapped in: the live table differed' : 'projection rebuilt: identical to the live table');
      return { projection: projection.name, ...result, republished };
    } finally {
      this.rebuilding = false;
    }
  }
}
