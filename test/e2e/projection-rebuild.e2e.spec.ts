/**
 * The indicators service's operator endpoints for its response-rate projection, on the built service: the
 * digest of the live table, a rebuild from Kafka offset 0 that finds it identical, and a rebuild that detects
 * and repairs a corrupted row. Quality records are published straight to the quality topic, as the
 * pseudonymisation service would.
 */
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { TOPICS } from '@hub/contracts';
import { connectProducer, createKafka, silentLogger } from '@hub/messaging';
import { dispatchRecord, newDispatchRef, newUnitSor, responseRecord } from '@hub/projections/testing';
import { databaseUrlVar, eventually, freePort, request, requestAs, requireEnv, startService, stopService, useTestAuth, waitHealthy, type RunningService } from '@hub/testing';

jest.setTimeout(120_000);

let indicators: RunningService;
const unit = newUnitSor();
const refs = [newDispatchRef(), newDispatchRef(), newDispatchRef()];
const qualityDatabase = { role: 'quality-database', org: '123456' } as const;
const admin = { role: 'administrator', org: '123456' } as const;
const rates = async () => (await requestAs<{ units: { numerator: number; denominator: number }[] }>(qualityDatabase, 'GET', `${indicators.url}/indicators/response-rate?unit=${unit}`)).body.units?.[0];

beforeAll(async () => {
  await useTestAuth();
  const producer = await connectProducer(createKafka('rebuild-e2e', requireEnv('KAFKA_BROKERS').split(','), silentLogger));
  const records = [...refs.map((r) => dispatchRecord(r, unit)), responseRecord(refs[0], unit)];
  await producer.send({
    topic: TOPICS.qualityRecords,
    messages: records.map((e) => ({ key: `quality-${randomUUID()}`, value: JSON.stringify(e.data), headers: { 'event-id': e.eventId, 'event-type': e.type, 'schema-version': String(e.schemaVersion) } })),
  });
  await producer.disconnect();
  indicators = startService('indicators', await freePort());
  await waitHealthy(indicators);
  await eventually(rates, (r) => r?.denominator === 3, 60_000, 'the indicator to count the three dispatches');
});

afterAll(async () => {
  if (indicators) await stopService(indicators);
});

describe('indicators: rebuilding the response-rate projection', () => {
  it('reports the live digest and the consumer lag, and /health the relay throughput', async () => {
    const status = await requestAs<{ digest: string; rows: number; lag: { lag: number }[] }>(admin, 'GET', `${indicators.url}/indicators/projections/response-rate`);
    expect(status.status).toBe(200);
    expect(status.body.digest).toMatch(/^[0-9a-f]{64}$/);
    expect(status.body.lag.length).toBeGreaterThan(0);
    const health = await request<{ relay: { published: number; consecutiveFailures: number } }>('GET', `${indicators.url}/health`);
    expect(health.body.relay).toMatchObject({ consecutiveFailures: 0 });
  });

  it('a rebuild from Kafka offset 0 matches the live projection and leaves it in place', async () => {
    const res = await requestAs<{ liveDigest: string; rebuiltDigest: string; swapped: boolean }>(admin, 'POST', `${indicators.url}/indicators/projections/response-rate/rebuild`);
    expect(res.status).toBe(200);
    expect(res.body.swapped).toBe(false);
    expect(res.body.rebuiltDigest).toBe(res.body.liveDigest);
  });

  it('a corrupted row is detected by the digest and repaired by the rebuild', async () => {
    const db = new Client({ connectionString: requireEnv(databaseUrlVar('indicators')) });
    await db.connect();
    await db.query('UPDATE response_rate_facts SET dispatched = false WHERE dispatch_ref = $1', [refs[1]]);
    await db.end();
    expect(await rates()).toMatchObject({ numerator: 1, denominator: 2 });
    const res = await requestAs<{ liveDigest: string; rebuiltDigest: string; swapped: boolean }>(admin, 'POST', `${indicators.url}/indicators/projections/response-rate/rebuild`);
    expect(res.body.swapped).toBe(true);
    expect(res.body.rebuiltDigest).not.toBe(res.body.liveDigest);
    expect(await rates()).toMatchObject({ numerator: 1, denominator: 3 });
  });
});
