import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { PoolClient } from 'pg';
import { assertValidEvent, contractOf, TOPICS } from '@hub/contracts';
import { appendToStream, streamVersion } from '@hub/event-store';
import { assertPublishable, traceMetadata, type EventHandlers } from '@hub/messaging';
import { ConsumerHost } from '@hub/service-kit';
import { PSEUDONYM_KEY } from '../pseudonymisation.config';
import { streamIdOf, toQualityDispatchRecorded, toQualityResponseRecorded, type QualityRecord } from './quality-record';

/**
 * The only door from treatment data to the quality domain: reads dispatches and accepted responses, writes
 * pseudonymised, minimised quality records to this service's store, from which the relay publishes them.
 */
@Injectable()
export class TreatmentConsumer extends ConsumerHost {
  protected readonly consumerName = 'pseudonymisation-treatment';
  protected readonly topics = [TOPICS.dispatch, TOPICS.intake];
  @Inject(PSEUDONYM_KEY) private readonly key!: Buffer;

  protected handlers(): EventHandlers {
    return {
      QuestionnaireDispatched: (event, tx) => this.release(tx, toQualityDispatchRecorded(this.key, event.data, randomUUID())),
      QuestionnaireResponseAccepted: (event, tx) => this.release(tx, toQualityResponseRecorded(this.key, event.data, randomUUID())),
    };
  }

  /** Appends the record in the consumer's transaction; a stream that already exists means it was released before. */
  private async release(tx: PoolClient, record: QualityRecord): Promise<void> {
    const streamId = streamIdOf(record);
    const { topic, schemaVersion } = contractOf(record.type);
    if ((await streamVersion(tx, streamId)) > 0) {
      this.logger.info({ type: record.type, dispatchRef: record.data.dispatchRef }, 'quality record already released; skipping');
      return;
    }
    // Checked here as well as in the relay: a record the relay would refuse must be dead-lettered now, with
    // its reason, rather than stored and left to stop the relay for every record behind it.
    assertValidEvent(record.type, schemaVersion, record.data);
    assertPublishable(topic, record.data);
    await appendToStream(tx, streamId, 0, [{ eventId: randomUUID(), type: record.type, schemaVersion, data: record.data, metadata: traceMetadata() }]);
    this.logger.info({ type: record.type, dispatchRef: record.data.dispatchRef, unitSor: record.data.unitSor }, 'quality record released');
  }
}
