import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import type { Kafka, Producer } from 'kafkajs';
import type { Pool, PoolClient } from 'pg';
import type { Logger as PinoLogger } from 'pino';
import { TOPICS } from '@hub/contracts';
import { applySchema } from '@hub/event-store';
import type { ConsumedEvent, EventHandlers } from '@hub/messaging';
import { applyIndicatorEvent, applyResponseRateEvent, indicatorProjection, responseRateProjection, type DispatchFactChange } from '@hub/projections';
import { ConsumerHost, ConsumerRegistry, KAFKA, LOGGER, POOL, PRODUCER } from '@hub/service-kit';
import { CellPublisher } from './cell-publisher';
import { appendToFeed, forgetInFeed, INDICATOR_TABLES_DDL } from './indicator.tables';

/**
 * Feeds the indicators from the quality topic only (never from treatment data), in the consumer's transaction:
 * the response-rate facts (the legacy endpoint), the indicator facts and, from them, contributions, cells and
 * MeasureReports, and the record feed for mandated subscribers. Both fact tables are the shared projections'
 * own logic, so an operator's rebuild computes exactly what this consumer does.
 */
@Injectable()
export class QualityConsumer extends ConsumerHost implements OnModuleInit {
  protected readonly consumerName = indicatorProjection.consumer ?? 'indicators-quality';
  protected readonly topics = [TOPICS.qualityRecords];

  constructor(
    @Inject(KAFKA) kafka: Kafka,
    @Inject(POOL) pool: Pool,
    @Inject(PRODUCER) producer: Producer,
    @Inject(LOGGER) logger: PinoLogger,
    registry: ConsumerRegistry,
    private readonly cells: CellPublisher,
  ) {
    super(kafka, pool, producer, logger, registry);
  }

  async onModuleInit(): Promise<void> {
    await applySchema(this.pool, responseRateProjection.ddl(responseRateProjection.table));
    await applySchema(this.pool, indicatorProjection.ddl(indicatorProjection.table));
    await applySchema(this.pool, INDICATOR_TABLES_DDL);
  }

  protected handlers(): EventHandlers {
    const apply = (event: ConsumedEvent, tx: PoolClient) => this.apply(tx, event);
    return { QualityDispatchRecorded: apply, QualityResponseRecorded: apply, QualityScoreRecorded: apply, QualityRecordRetracted: apply };
  }

  private async apply(tx: PoolClient, event: ConsumedEvent): Promise<void> {
    await applyResponseRateEvent(tx, responseRateProjection.table, event);
    const change = await applyIndicatorEvent(tx, indicatorProjection.table, event);
    if (!change) return;
    await this.cells.onFactChange(tx, change);
    await this.feed(tx, event, change);
  }

  /** The record as received, under the unit it belongs to (a retraction names none: the dispatch's unit). */
  private async feed(tx: PoolClient, event: ConsumedEvent, change: DispatchFactChange): Promise<void> {
    const data = event.data as { dispatchRef: string; unit?: { sor: string }; scope?: string };
    if (event.type === 'QualityRecordRetracted' && data.scope === 'dispatch') await forgetInFeed(tx, data.dispatchRef);
    const unitSor = data.unit?.sor ?? change.before?.dispatch?.unit.sor ?? null;
    await appendToFeed(tx, { dispatchRef: data.dispatchRef, unitSor, type: event.type, schemaVersion: event.schemaVersion, data: event.data });
  }
}
