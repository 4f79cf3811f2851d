import { randomUUID } from 'node:crypto';
import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { PoolClient } from 'pg';
import { contractOf, TOPICS } from '@hub/contracts';
import { appendToStream, applySchema, streamVersion } from '@hub/event-store';
import { traceMetadata, type EventHandlers } from '@hub/messaging';
import { ConsumerHost } from '@hub/service-kit';
import { countsByUnit, loadFactForUpdate, RESPONSE_RATE_FACTS_DDL, saveFact } from './response-rate.facts';
import { factAfterDispatch, factAfterResponse, responseRateStreamId, toResponseRateChanged, unitsMovedBy, type ResponseRateFact } from './response-rate';

/**
 * Feeds the response-rate indicator from the quality topic only (never from treatment data), and publishes
 * each change of a unit's counts as ResponseRateChanged, written in the consumer's transaction.
 */
@Injectable()
export class QualityConsumer extends ConsumerHost implements OnModuleInit {
  protected readonly consumerName = 'indicators-quality';
  protected readonly topics = [TOPICS.qualityRecords];

  async onModuleInit(): Promise<void> {
    await applySchema(this.pool, RESPONSE_RATE_FACTS_DDL);
  }

  protected handlers(): EventHandlers {
    return {
      QualityDispatchRecorded: (event, tx) => this.apply(tx, event.data.dispatchRef, (before) => factAfterDispatch(before, event.data)),
      QualityResponseRecorded: (event, tx) => this.apply(tx, event.data.dispatchRef, (before) => factAfterResponse(before, event.data)),
    };
  }

  private async apply(tx: PoolClient, dispatchRef: string, next: (before: ResponseRateFact | undefined) => ResponseRateFact): Promise<void> {
    const before = await loadFactForUpdate(tx, dispatchRef);
    const after = next(before);
    await saveFact(tx, after);
    for (const unitSor of unitsMovedBy(before, after)) await this.publishRate(tx, unitSor);
  }

  /** Appends at the stream's current version: a concurrent writer makes this conflict, and the consumer retries. */
  private async publishRate(tx: PoolClient, unitSor: string): Promise<void> {
    const counts = (await countsByUnit(tx, unitSor)).get(unitSor) ?? { numerator: 0, denominator: 0 };
    const streamId = responseRateStreamId(unitSor);
    const data = toResponseRateChanged(unitSor, counts, new Date().toISOString());
    await appendToStream(tx, streamId, await streamVersion(tx, streamId), [
      { eventId: randomUUID(), type: 'ResponseRateChanged', schemaVersion: contractOf('ResponseRateChanged').schemaVersion, data, metadata: traceMetadata() },
    ]);
    this.logger.info({ unitSor, ...counts }, 'response rate changed');
  }
}
