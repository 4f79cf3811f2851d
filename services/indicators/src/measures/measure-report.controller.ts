import { Controller, Get, Inject, Param, Query, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type { Pool } from 'pg';
import type { Logger as PinoLogger } from 'pino';
import type { Actor } from '@hub/access-policy';
import { CurrentActor, LOGGER, notFound, OperationOutcomeError, POOL, Roles } from '@hub/service-kit';
import { maySee, notGranted } from '../subscriptions/grants';
import { knownStrata, parentsOf, subscriptionsOf } from '../subscriptions/subscriptions.table';
import { FHIR_JSON, toSearchset } from '@hub/service-kit';
import { parseMeasureReportSearch, type MeasureReportSearch } from './measure-report.query';

interface ReportRow {
  measure_id: string;
  stratum: string;
  parents: string[];
  report: Record<string, unknown>;
}

async function findReports(pool: Pool, s: MeasureReportSearch): Promise<ReportRow[]> {
  const { rows } = await pool.query<ReportRow>(
    `SELECT measure_id, stratum, parents, report FROM measure_report_cells
      WHERE ($1::text[] IS NULL OR measure_id || '|' || version = ANY($1)) AND ($2::text IS NULL OR month >= $2) AND ($3::text IS NULL OR month <= $3) AND ($4::text IS NULL OR stratum = $4)
      ORDER BY measure_id, version, month, stratum COLLATE "C"`,
    [s.measures ?? null, s.from ?? null, s.to ?? null, s.subject ?? null],
  );
  return rows;
}

/**
 * FHIR R4 MeasureReport search over the published cells. A quality database sees only the indicators and
 * strata its subscriptions grant; asking by name for more is refused with 403 naming what is not granted,
 * rather than quietly answering less. Every decision is logged.
 */
@ApiTags('fhir')
@Controller('fhir/MeasureReport')
@Roles('administrator', 'auditor', 'quality-database')
export class MeasureReportController {
  constructor(
    @Inject(POOL) private readonly pool: Pool,
    @Inject(LOGGER) private readonly logger: PinoLogger,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Search MeasureReports by measure (canonical, Measure id or indicator id), period (ge/le YYYY-MM) and subject (SOR, region|R, sector|S)' })
  @ApiQuery({ name: 'measure', required: false })
  @ApiQuery({ name: 'period', required: false })
  @ApiQuery({ name: 'subject', required: false })
  async search(@Query() query: Record<string, unknown>, @CurrentActor() actor: Actor, @Req() req: Request, @Res() res: Response): Promise<void> {
    const { search, issues } = parseMeasureReportSearch(query);
    if (search.subject && (await knownStrata(this.pool, [search.subject])).size === 0) {
      issues.push({ severity: 'error', code: 'not-found', diagnostics: `unknown subject ${search.subject.replace(':', ' ')}: no reports for it`, expression: ['subject'] });
    }
    if (issues.length > 0) throw new OperationOutcomeError('malformed', 'the search cannot be run', issues);
    let rows = await findReports(this.pool, search);
    if (actor.role === 'quality-database') {
      const grants = await subscriptionsOf(this.pool, actor.orgSor);
      const askedIds = (search.measures ?? []).map((k) => k.split('|')[0]);
      const missing = notGranted(grants, { measureIds: askedIds, subject: search.subject, parents: search.subject ? await parentsOf(this.pool, search.subject) : [] });
      this.logger.info({ actor: actor.subject, org: actor.orgSor, query, decision: missing.length > 0 ? 'deny' : 'permit', missing }, 'measure report access decided');
      if (missing.length > 0) {
        throw new OperationOutcomeError('denied', 'not granted', missing.map((m) => ({ severity: 'error', code: 'forbidden', diagnostics: `not granted to ${actor.orgSor}: ${m}` })));
      }
      rows = rows.filter((r) => maySee(grants, { measureId: r.measure_id, stratum: r.stratum, parents: r.parents }));
    }
    res.type(FHIR_JSON).send(JSON.stringify(toSearchset(req, 'MeasureReport', rows.map((r) => r.report))));
  }

  @Get(':id')
  @ApiOperation({ summary: 'The latest version of one MeasureReport' })
  async read(@Param('id') id: string, @CurrentActor() actor: Actor, @Res() res: Response): Promise<void> {
    const { rows } = await this.pool.query<ReportRow>('SELECT measure_id, stratum, parents, report FROM measure_report_cells WHERE report_id = $1', [id]);
    const row = rows[0];
    const visible = row && (actor.role !== 'quality-database' || maySee(await subscriptionsOf(this.pool, actor.orgSor), { measureId: row.measure_id, stratum: row.stratum, parents: row.parents }));
    // Not granted reads as not found: a report id alone must not tell a subscriber what exists outside its grant.
    if (!row || !visible) throw notFound(`no MeasureReport ${id}`);
    res.type(FHIR_JSON).send(JSON.stringify(row.report));
  }
}
