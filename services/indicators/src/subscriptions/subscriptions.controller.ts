import { randomUUID } from 'node:crypto';
import { Body, Controller, Get, Inject, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Pool } from 'pg';
import type { Logger as PinoLogger } from 'pino';
import type { Actor } from '@hub/access-policy';
import { contractOf, type IndicatorSubscriptionGranted } from '@hub/contracts';
import { appendToStream, inTransaction } from '@hub/event-store';
import { INDICATOR_DEFINITIONS } from '@hub/indicator-projections';
import { traceMetadata } from '@hub/messaging';
import { CurrentActor, denied, LOGGER, notFound, POOL, Roles, validationError, type Problem } from '@hub/service-kit';
import { GrantSubscriptionDto } from './subscription.dto';
import { feedPage, knownStrata, saveSubscription, subscriptionById, subscriptionsOf } from './subscriptions.table';

const MEASURE_IDS = new Set(INDICATOR_DEFINITIONS.map((d) => d.id));

/** Everything wrong with a grant beyond its shape: unknown measures and strata, record level without a mandate. */
async function grantProblems(pool: Pool, dto: GrantSubscriptionDto): Promise<Problem[]> {
  const problems: Problem[] = dto.measures.filter((m) => !MEASURE_IDS.has(m)).map((m) => ({ location: '/measures', message: `unknown measure ${m} (known: ${[...MEASURE_IDS].join(', ')})` }));
  const asked = [...(dto.strata.units ?? []).map((u) => `unit:${u}`), ...(dto.strata.regions ?? []).map((r) => `region:${r}`), ...(dto.strata.sectors ?? []).map((s) => `sector:${s}`)];
  if (asked.length === 0) problems.push({ location: '/strata', message: 'grant at least one unit, region or sector' });
  const known = await knownStrata(pool, asked);
  for (const s of asked.filter((x) => !known.has(x))) problems.push({ location: '/strata', message: `unknown ${s.replace(':', ' ')}: no quality records from it have reached the indicators` });
  if (dto.recordLevel && !dto.mandate) problems.push({ location: '/mandate', message: 'record-level data needs the mandate (legal basis) it is given under' });
  return problems;
}

/**
 * Subscriptions of quality databases: an administrator grants indicators for strata, and record-level data where
 * the database is mandated to receive it. Every grant is an event in the indicators' store; every read of the
 * record feed is an access decision, logged.
 */
@ApiTags('subscriptions')
@Controller('subscriptions')
export class SubscriptionsController {
  constructor(
    @Inject(POOL) private readonly pool: Pool,
    @Inject(LOGGER) private readonly logger: PinoLogger,
  ) {}

  @Post()
  @Roles('administrator')
  @ApiOperation({ summary: 'Grant a quality database indicators for units/regions/sectors, optionally record-level data' })
  async grant(@Body() dto: GrantSubscriptionDto, @CurrentActor() actor: Actor): Promise<IndicatorSubscriptionGranted> {
    const problems = await grantProblems(this.pool, dto);
    if (problems.length > 0) throw validationError('the subscription cannot be granted', problems);
    const grant: IndicatorSubscriptionGranted = {
      subscriptionId: randomUUID(),
      subscriber: dto.subscriber,
      measures: dto.measures,
      strata: { units: dto.strata.units ?? [], regions: dto.strata.regions ?? [], sectors: dto.strata.sectors ?? [] },
      recordLevel: dto.recordLevel ?? false,
      ...(dto.mandate ? { mandate: dto.mandate } : {}),
      grantedBy: actor.subject,
      grantedAt: new Date().toISOString(),
    };
    await inTransaction(this.pool, async (tx) => {
      const type = 'IndicatorSubscriptionGranted';
      await appendToStream(tx, `subscription-${grant.subscriptionId}`, 0, [{ eventId: randomUUID(), type, schemaVersion: contractOf(type).schemaVersion, data: grant, metadata: traceMetadata() }]);
      await saveSubscription(tx, grant);
    });
    this.logger.info({ subscriptionId: grant.subscriptionId, subscriber: grant.subscriber, grantedBy: actor.subject }, 'indicator subscription granted');
    return grant;
  }

  @Get()
  @Roles('administrator', 'auditor', 'quality-database')
  @ApiOperation({ summary: 'Subscriptions: all for administrators and auditors, its own for a quality database' })
  async list(@CurrentActor() actor: Actor): Promise<IndicatorSubscriptionGranted[]> {
    return subscriptionsOf(this.pool, actor.role === 'quality-database' ? actor.orgSor : undefined);
  }

  @Get(':id/records')
  @Roles('quality-database')
  @ApiOperation({ summary: 'Pseudonymised quality records of the granted units, after a cursor (record-level grants only)' })
  @ApiQuery({ name: 'after', required: false, description: 'cursor from the previous page (default: from the start)' })
  @ApiQuery({ name: 'limit', required: false, description: '1 to 1000, default 100' })
  async records(@Param('id', ParseUUIDPipe) id: string, @Query('after') after: string | undefined, @Query('limit') limit: string | undefined, @CurrentActor() actor: Actor) {
    const problems: Problem[] = [];
    if (after !== undefined && !/^[0-9]{1,18}$/.test(after)) problems.push({ location: 'after', message: 'after must be a cursor from a previous page' });
    if (limit !== undefined && !(/^[0-9]{1,4}$/.test(limit) && Number(limit) >= 1 && Number(limit) <= 1000)) problems.push({ location: 'limit', message: 'limit must be 1 to 1000' });
    if (problems.length > 0) throw validationError('bad page request', problems);
    const grant = await subscriptionById(this.pool, id);
    const decision = !grant || grant.subscriber !== actor.orgSor ? 'not-found' : grant.recordLevel ? 'permit' : 'deny';
    this.logger.info({ actor: actor.subject, org: actor.orgSor, subscriptionId: id, decision }, 'record feed access decided');
    if (decision === 'not-found' || !grant) throw notFound(`no subscription ${id} of ${actor.orgSor}`);
    if (decision === 'deny') throw denied(`subscription ${id} does not grant record-level data`);
    const page = await feedPage(this.pool, grant, BigInt(after ?? '0'), Number(limit ?? 100));
    return { subscriptionId: id, records: page, next: page.length > 0 ? page[page.length - 1].position : (after ?? '0') };
  }
}
