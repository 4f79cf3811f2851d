import { computeEventHash, publishableOf, ZERO_HASH, type StoredEvent } from '@hub/event-store';
import { toMessage } from './relay-batch';

describe('relay message', () => {
  it('carries everything the event hash covers, so the chain verifies from Kafka alone', () => {
    const content = {
      eventId: '6f1c2b1e-8d4a-4c55-9d0e-2f6a1b3c4d5e',
      streamId: 'patient-1',
      streamVersion: 1,
      type: 'PatientRegistered',
      schemaVersion: 1,
      data: { patientId: 'p', cpr: '0101901234' },
      metadata: { traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01', correlationId: 'c' },
    };
    const recordedAt = '2026-11-24T10:00:00.123Z';
    const hash = computeEventHash({ ...content, recordedAt, prevHash: ZERO_HASH });
    const event: StoredEvent = { ...content, globalPosition: 7n, transactionId: 9n, recordedAt: new Date(recordedAt), hash, prevHash: ZERO_HASH };
    const { key, value, headers } = toMessage(publishableOf(event));
    const fromKafka = computeEventHash({
      eventId: headers['event-id'],
      streamId: key,
      streamVersion: Number(headers['stream-version']),
      type: headers['event-type'],
      schemaVersion: Number(headers['schema-version']),
      data: JSON.parse(value),
      metadata: JSON.parse(headers['event-metadata']),
      recordedAt: headers['recorded-at'],
      prevHash: Buffer.from(headers['prev-hash'], 'hex'),
    });
    expect(fromKafka.toString('hex')).toBe(headers['event-hash']);
    expect(headers['event-hash']).toBe(hash.toString('hex'));
  });
});
