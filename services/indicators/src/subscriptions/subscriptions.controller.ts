import { randomUUID } from 'node:crypto';
import { Body, Controller, Get, HttpCode, Inject, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Pool } from 'pg';
import type { Logger as PinoLogger } from 'pino';
import type { Actor } from '@hub/access-policy';
import { contractOf, type IndicatorSubscriptionGranted } from '@hub/contracts';
import { handleCommand } from '@hub/event-store';
import { INDICATOR_DEFINITIONS } from '@hub/indicator-projections';
import { traceMetadata } from '@hub/messaging';
import { CurrentActor, denied, LOGGER, notFound, POOL, Roles, validationError, type Problem } from '@hub/service-kit';
import { subscriptionDecider, type GrantSubscription, type SubscriptionCommand } from './subscription.decider';
import { GrantSubscriptionDto } from './subscription.dto';
import { feedPage, knownStrata, revokeSubscription, saveSubscription, subscriptionById, subscriptionsOf } from './subscriptions.table';

const MEASURE_IDS: ReadonlySet<string> = new Set(INDICATOR_DEFINITIONS.map((d) => d.id));

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
    const strata = { units: dto.strata.units ?? [], regions: dto.strata.regions ?? [], sectors: dto.strata.sectors ?? [] };
    const asked = [...strata.units.map((u) => `unit:${u}`), ...strata.regions.map((r) => `region:${r}`), ...strata.sectors.map((x) => `sector:${x}`)];
    const command: GrantSubscription = {
      type: 'GrantSubscription',
      subscriptionId: randomUUID(),
      subscriber: dto.subscriber,
      measures: dto.measures,
      strata,
      recordLevel: dto.recordLevel ?? false,
      mandate: dto.mandate,
      grantedBy: actor.subject,
      grantedAt: new Date().toISOString(),
      knownMeasures: MEASURE_IDS,
      knownStrata: await knownStrata(this.pool, asked),
    };
    const { state } = await this.handle(command);
    const granted = state.granted as IndicatorSubscriptionGranted;
    this.logger.info({ subscriptionId: granted.subscriptionId, subscriber: granted.subscriber, grantedBy: actor.subject }, 'indicator subscription granted');
    return granted;
  }

  @Post(':id/revoke')
  @Roles('administrator')
  @HttpCode(200)
  @ApiOperation({ summary: 'Revoke a subscription: it grants nothing from now on (idempotent)' })
  async revoke(@Param('id', ParseUUIDPipe) id: string, @CurrentActor() actor: Actor): Promise<{ subscriptionId: string; revoked: true }> {
    await this.handle({ type: 'RevokeSubscription', subscriptionId: id, revokedBy: actor.subject, revokedAt: new Date().toISOString() });
    this.logger.info({ subscriptionId: id, revokedBy: actor.subject }, 'indicator subscription revoked');
    return { subscriptionId: id, revoked: true };
  }

  /** The grant table is written with the events, in their transaction. */
  private handle(command: SubscriptionCommand) {
    return handleCommand(this.pool, `subscription-${command.subscriptionId}`, subscriptionDecider, command, {
      schemaVersionOf: (type) => contractOf(type).schemaVersion,
      newEventId: randomUUID,
      metadata: traceMetadata(),
      alongside: async (tx, events) => {
        for (const e of events) {
          if (e.type === 'IndicatorSubscriptionGranted') await saveSubscription(tx, e.data);
          else await revokeSubscription(tx, e.data.subscriptionId);
        }
      },
    });
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
