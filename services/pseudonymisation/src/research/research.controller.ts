import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Pool } from 'pg';
import { POOL, Roles } from '@hub/service-kit';
import { consentAnomalyCounts } from './research.tables';

/** The research door in numbers: projects, active consents and consent events it could not place. Counts only. */
@ApiTags('research projects')
@Controller('research-projects')
export class ResearchController {
  constructor(@Inject(POOL) private readonly pool: Pool) {}

  @Get('stats')
  @Roles('administrator', 'auditor')
  @ApiOkResponse({ description: 'Registered projects, active research consents, and consent events naming no registered project, by problem' })
  async stats(): Promise<{ projects: number; activeConsents: number; consentAnomalies: Record<string, number> }> {
    const { rows } = await this.pool.query<{ projects: number; consents: number }>(
      'SELECT (SELECT count(*)::int FROM research_projects) AS projects, (SELECT count(*)::int FROM research_consents) AS consents',
    );
    const anomalies = await consentAnomalyCounts(this.pool);
    return { projects: rows[0].projects, activeConsents: rows[0].consents, consentAnomalies: Object.fromEntries(anomalies.map((a) => [a.problem, a.n])) };
  }
}
