import { randomUUID } from 'node:crypto';
import type { PoolClient } from 'pg';
import { assertValidEvent, contractOf } from '@hub/contracts';
import { appendToStream, streamVersion } from '@hub/event-store';
import { assertPublishable, traceMetadata } from '@hub/messaging';
import { qualityStreamId, type QualityRecord } from './quality-record';

/**
 * The checks a record passes before it is stored. Here as well as in the relay: a record the relay would refuse
 * must be dead-lettered now, with its reason, rather than stored and left to stop the relay for every record
 * behind it. The privacy guard counts each refusal (see GET /pseudonyms/stats).
 */
export function assertReleasable(record: QualityRecord): void {
  const { topic, schemaVersion } = contractOf(record.type);
  assertValidEvent(record.type, schemaVersion, record.data);
  assertPublishable(topic, record.data);
}

/**
 * Appends records to their dispatch's quality stream, in the consumer's transaction, after the stream's current
 * last version. Redelivery is handled by the consumer's inbox, so a stream that already exists is simply continued.
 */
export async function appendRecords(tx: PoolClient, records: QualityRecord[]): Promise<void> {
  for (const record of records) {
    assertReleasable(record);
    const streamId = qualityStreamId(record.data.dispatchRef);
    const { schemaVersion } = contractOf(record.type);
    await appendToStream(tx, streamId, await streamVersion(tx, streamId), [{ eventId: randomUUID(), type: record.type, schemaVersion, data: record.data, metadata: traceMetadata() }]);
  }
}

/** True once the dispatch record opened the stream: only then may the dispatch's other records follow. */
export async function isDispatchReleased(tx: PoolClient, dispatchRef: string): Promise<boolean> {
  return (await streamVersion(tx, qualityStreamId(dispatchRef))) > 0;
}
