import { randomUUID } from 'node:crypto';
import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { PoolClient } from 'pg';
import { contractOf, TOPICS } from '@hub/contracts';
import { appendToStream, applySchema, streamVersion } from '@hub/event-store';
import { responseRateStreamId, toResponseRateChanged, unitsMovedBy } from '@hub/indicator-projections';
import { traceMetadata, type ConsumedEvent, type EventHandlers } from '@hub/messaging';
import { applyResponseRateEvent, countsByUnit, responseRateProjection } from '@hub/projections';
import { ConsumerHost } from '@hub/service-kit';

const { table } = responseRateProjection;

/**
 * Feeds the response-rate indicator from the quality topic only (never from treatment data), and publishes
 * each change of a unit's counts as ResponseRateChanged, written in the consumer's transaction. The table
 * logic is the shared projection's, so an operator's rebuild computes exactly what this consumer does.
 */
@Injectable()
export class QualityConsumer extends ConsumerHost implements OnModuleInit {
  protected readonly consumerName = responseRateProjection.consumer ?? 'indicators-quality';
  protected readonly topics = [TOPICS.qualityRecords];

  async onModuleInit(): Promise<void> {
    await applySchema(this.pool, responseRateProjection.ddl(table));
  }

  protected handlers(): EventHandlers {
    return {
      QualityDispatchRecorded: (event, tx) => this.apply(tx, event),
      QualityResponseRecorded: (event, tx) => this.apply(tx, event),
    };
  }

  private async apply(tx: PoolClient, event: ConsumedEvent): Promise<void> {
    const change = await applyResponseRateEvent(tx, table, event);
    if (!change) return;
    for (const unitSor of unitsMovedBy(change.before, change.after)) await this.publishRate(tx, unitSor);
  }

  /** Appends at the stream's current version: a concurrent writer makes this conflict, and the consumer retries. */
  private async publishRate(tx: PoolClient, unitSor: string): Promise<void> {
    const counts = (await countsByUnit(tx, table, unitSor)).get(unitSor) ?? { numerator: 0, denominator: 0 };
    const streamId = responseRateStreamId(unitSor);
    const data = toResponseRateChanged(unitSor, counts, new Date().toISOString());
    await appendToStream(tx, streamId, await streamVersion(tx, streamId), [
      { eventId: randomUUID(), type: 'ResponseRateChanged', schemaVersion: contractOf('ResponseRateChanged').schemaVersion, data, metadata: traceMetadata() },
    ]);
    this.logger.info({ unitSor, ...counts }, 'response rate changed');
  }
}
