import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Pool } from 'pg';
import { toUnitResponseRate, type UnitResponseRate } from '@hub/indicator-projections';
import { countsByUnit, responseRateProjection } from '@hub/projections';
import { notFound, POOL } from '@hub/service-kit';
import { ResponseRateQueryDto } from './response-rate.dto';

@ApiTags('indicators')
@Controller('indicators')
export class ResponseRateController {
  constructor(@Inject(POOL) private readonly pool: Pool) {}

  @Get('response-rate')
  @ApiOkResponse({ description: 'Answered dispatches over dispatches, per organisation unit; rate is null with no dispatches' })
  async responseRate(@Query() query: ResponseRateQueryDto): Promise<{ indicator: 'response-rate'; units: UnitResponseRate[] }> {
    const counts = await countsByUnit(this.pool, responseRateProjection.table, query.unit);
    if (query.unit !== undefined && counts.size === 0) throw notFound(`no response-rate data for unit ${query.unit}`);
    return { indicator: 'response-rate', units: [...counts].map(([unitSor, c]) => toUnitResponseRate(unitSor, c)) };
  }
}
