/**
 * The indicators service in-process against the real Postgres (a scratch database) and Kafka: quality records
 * v2 published straight onto the quality topic (as the pseudonymisation service would), MeasureReports read
 * by a quality database through its subscription, late data and a retraction updating exactly the affected
 * reports, the record feed, and a rebuild from replay giving the same digest. Units and the region are new
 * per run, since the topic keeps earlier runs' records.
 */
import type { INestApplication } from '@nestjs/common';
import type { Producer } from 'kafkajs';
import type { TokenClaims } from '@hub/auth';
import { TOPICS } from '@hub/contracts';
import type { NewEvent } from '@hub/event-store';
import { connectProducer, createKafka, silentLogger } from '@hub/messaging';
import { dispatchRecord, newDispatchRef, newUnitSor, responseRecord, retractionRecord } from '@hub/projections/testing';
import { runService } from '@hub/service-kit';
import { createScratchDatabase, eventually, readAllMessages, requestAs, requireEnv, useTestAuth, type ScratchDatabase } from '@hub/testing';
import { IndicatorsModule } from './indicators.module';

jest.setTimeout(120_000);

const [A, B, C, QDB] = [newUnitSor(), newUnitSor(), newUnitSor(), newUnitSor()];
const REGION = `Region ${newDispatchRef().slice(0, 8)}`;
const admin: TokenClaims = { role: 'administrator', org: A, sub: 'admin-1' };
const qdb: TokenClaims = { role: 'quality-database', org: QDB, sub: 'qdb-1' };
const unit = { region: REGION, sector: 'hospital' as const };
let db: ScratchDatabase;
let app: INestApplication;
let base: string;
let producer: Producer;

interface Report { id: string; meta: { versionId: string }; subject: { identifier: { value: string } }; group: Array<{ population?: Array<{ count: number }>; measureScore: { value?: number; extension?: unknown[] }; extension?: Array<{ valueCode?: string }> }> }
interface Bundle { resourceType: string; total: number; entry: Array<{ resource: Report }> }

async function publish(records: NewEvent[]): Promise<void> {
  await producer.send({
    topic: TOPICS.qualityRecords,
    messages: records.map((e) => ({ key: `quality-${(e.data as { dispatchRef: string }).dispatchRef}`, value: JSON.stringify(e.data), headers: { 'event-id': e.eventId, 'event-type': e.type, 'schema-version': String(e.schemaVersion) } })),
  });
}

const reports = (who: TokenClaims, query: string) => requestAs<Bundle>(who, 'GET', `${base}/fhir/MeasureReport?${query}`);
const within = (subject: string) => reports(qdb, `measure=response-within-window&period=ge2026-11&period=le2026-11&subject=${encodeURIComponent(subject)}`);
const counts = (r: Report) => r.group[0].population?.map((p) => p.count);

// A: 6 dispatched, 5 answered in time; B: 7 of 7; C: 1 of 2. Region = 13/15.
const refsOf = (n: number) => Array.from({ length: n }, () => newDispatchRef());
const [refsA, refsB, refsC] = [refsOf(6), refsOf(7), refsOf(2)];
let subscriptionId: string;

beforeAll(async () => {
  await useTestAuth();
  db = await createScratchDatabase('indicators');
  Object.assign(process.env, { DATABASE_URL: db.url, PORT: '0', LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' });
  producer = await connectProducer(createKafka('indicators-int', requireEnv('KAFKA_BROKERS').split(','), silentLogger));
  app = await runService({ name: 'indicators', title: 'PRO hub: indicators', module: IndicatorsModule });
  base = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  const records: NewEvent[] = [];
  for (const [sor, refs, answered] of [[A, refsA, 5], [B, refsB, 7], [C, refsC, 1]] as const) {
    refs.forEach((ref, i) => {
      records.push(dispatchRecord(ref, sor, { unit }));
      if (i < answered) records.push(responseRecord(ref, sor, { unit }));
    });
  }
  await publish(records);
  await eventually(() => reports(admin, `subject=${encodeURIComponent(`region|${REGION}`)}&measure=response-within-window`), (r) => r.body.entry?.[0] !== undefined && counts(r.body.entry[0].resource)?.[1] === 15, 60_000, 'the region report to count 15 dispatches');
});

afterAll(async () => {
  await producer?.disconnect();
  await app?.close();
  await db?.drop();
});

describe('indicators: MeasureReports for a subscribed quality database', () => {
  it('an administrator grants a quality database the region, with record-level data under a mandate', async () => {
    const refused = await requestAs<{ errors: Array<{ message: string }> }>(admin, 'POST', `${base}/subscriptions`, { subscriber: QDB, measures: ['nope'], strata: { units: ['444444444'] }, recordLevel: true });
    expect(refused.status).toBe(422);
    expect(refused.body.errors.map((e) => e.message)).toEqual([expect.stringMatching(/unknown measure nope/), expect.stringMatching(/unknown unit 444444444/), expect.stringMatching(/mandate/)]);
    const byQdb = await requestAs(qdb, 'POST', `${base}/subscriptions`, { subscriber: QDB, measures: ['response-within-window'], strata: { regions: [REGION] } });
    expect(byQdb.status).toBe(403);
    const granted = await requestAs<{ subscriptionId: string }>(admin, 'POST', `${base}/subscriptions`, { subscriber: QDB, measures: ['response-within-window'], strata: { regions: [REGION] }, recordLevel: true, mandate: 'Test quality database' });
    expect(granted.status).toBe(201);
    subscriptionId = granted.body.subscriptionId;
    const stored = await db.pool.query("SELECT type FROM events WHERE stream_id = $1", [`subscription-${subscriptionId}`]);
    expect(stored.rows).toEqual([{ type: 'IndicatorSubscriptionGranted' }]);
  });

  it('the subscriber reads the region and its units; small cells and their complement carry no counts', async () => {
    const region = await within(`region|${REGION}`);
    expect(region.status).toBe(200);
    expect(region.headers.get('content-type')).toMatch(/application\/fhir\+json/);
    expect(region.body).toMatchObject({ resourceType: 'Bundle', total: 1 });
    expect(counts(region.body.entry[0].resource)).toEqual([13, 15]);
    expect(region.body.entry[0].resource).toMatchObject({ resourceType: 'MeasureReport', type: 'summary', status: 'complete', measure: 'http://pro-hub.dk/fhir/Measure/response-within-window|1.0.0', period: { start: '2026-11-01', end: '2026-11-30' } });
    expect(counts((await within(B)).body.entry[0].resource)).toEqual([7, 7]);
    // C (2) is below 5; A (6) is the smallest other unit of the region, so it goes too: 15 − 7 would give C back.
    for (const [sor, reason] of [[C, 'small-count'], [A, 'complementary']]) {
      const r = (await within(sor)).body.entry[0].resource;
      expect(r.group[0].population).toBeUndefined();
      expect(r.group[0].measureScore.value).toBeUndefined();
      expect(r.group[0].extension).toEqual([{ url: 'http://pro-hub.dk/fhir/StructureDefinition/suppression', valueCode: reason }]);
    }
  });

  it('asking for more than granted is refused naming what is not granted; bad input lists every issue', async () => {
    const more = await reports(qdb, 'measure=phq9-improvement&measure=baseline-answered');
    expect(more.status).toBe(403);
    expect(JSON.stringify(more.body)).toMatch(/not granted to .*measure phq9-improvement.*measure baseline-answered/);
    const bad = await requestAs<{ resourceType: string; issue: Array<{ diagnostics: string }> }>(qdb, 'GET', `${base}/fhir/MeasureReport?measure=nope&period=ge2026-12&period=le2026-01&subject=999999999`);
    expect(bad.status).toBe(400);
    expect(bad.body.resourceType).toBe('OperationOutcome');
    expect(bad.body.issue.map((i) => i.diagnostics)).toEqual(['unknown measure nope', 'period starts (2026-12) after it ends (2026-01)', 'unknown subject unit 999999999: no reports for it']);
  });

  it('a late answer and a retraction change exactly the affected reports, each a new version', async () => {
    const version = async (sor: string) => (await within(sor)).body.entry[0].resource.meta.versionId;
    const before = { A: await version(A), B: await version(B), region: await version(`region|${REGION}`) };
    // A's unanswered dispatch is answered late (does not count within the window); one of B's answers is retracted.
    await publish([responseRecord(refsA[5], A, { unit, late: true }), retractionRecord(refsB[0], 'response')]);
    await eventually(() => within(B), (r) => counts(r.body.entry[0].resource)?.[0] === 6, 30_000, 'B to lose the retracted answer');
    expect(counts((await within(`region|${REGION}`)).body.entry[0].resource)).toEqual([12, 15]);
    expect(await version(B)).toBe(String(Number(before.B) + 1));
    expect(await version(`region|${REGION}`)).toBe(String(Number(before.region) + 1));
    expect(await version(A)).toBe(before.A);
  });

  it('the mandated record feed pages the granted units’ pseudonymised records by a stable cursor', async () => {
    const first = await requestAs<{ records: Array<{ type: string; data: { unit?: { sor: string } } }>; next: string }>(qdb, 'GET', `${base}/subscriptions/${subscriptionId}/records?limit=10`);
    expect(first.status).toBe(200);
    expect(first.body.records).toHaveLength(10);
    const rest = await requestAs<{ records: unknown[]; next: string }>(qdb, 'GET', `${base}/subscriptions/${subscriptionId}/records?after=${first.body.next}&limit=1000`);
    // 15 dispatches + 13 answers + the late answer + the retraction
    expect(first.body.records.length + rest.body.records.length).toBe(30);
    const other = await requestAs({ ...qdb, org: B }, 'GET', `${base}/subscriptions/${subscriptionId}/records`);
    expect(other.status).toBe(404);
  });

  it('a revoked subscription grants nothing any more', async () => {
    const other = await requestAs<{ subscriptionId: string }>(admin, 'POST', `${base}/subscriptions`, { subscriber: QDB, measures: ['baseline-answered'], strata: { units: [B] } });
    expect((await reports(qdb, `measure=baseline-answered&subject=${B}`)).status).toBe(200);
    expect((await requestAs(admin, 'POST', `${base}/subscriptions/${other.body.subscriptionId}/revoke`)).status).toBe(200);
    expect((await requestAs(admin, 'POST', `${base}/subscriptions/${other.body.subscriptionId}/revoke`)).status).toBe(200);
    expect((await reports(qdb, `measure=baseline-answered&subject=${B}`)).status).toBe(403);
    const stored = await db.pool.query('SELECT type FROM events WHERE stream_id = $1 ORDER BY stream_version', [`subscription-${other.body.subscriptionId}`]);
    expect(stored.rows.map((r) => r.type)).toEqual(['IndicatorSubscriptionGranted', 'IndicatorSubscriptionRevoked']);
  });

  it('publishes each report version on the public indicators topic, suppressed ones without counts', async () => {
    // The scratch database replays the whole topic, earlier runs' records included: count this run's strata only.
    const stored = await db.pool.query<{ n: string }>("SELECT count(*) AS n FROM events WHERE type = 'MeasureReportPublished' AND data->'stratum'->>'code' = ANY($1)", [[A, B, C, REGION]]);
    const expected = Number(stored.rows[0].n);
    expect(expected).toBeGreaterThan(0);
    const ours = async () =>
      (await readAllMessages(requireEnv('KAFKA_BROKERS').split(','), [TOPICS.indicators]))
        .filter((m) => m.headers['event-type'] === 'MeasureReportPublished')
        .map((m) => JSON.parse(m.value) as { stratum: { code: string }; suppressed: string | null; measureReport: Report })
        .filter((m) => [A, B, C, REGION].includes(m.stratum.code));
    const published = await eventually(ours, (ms) => ms.length >= expected, 30_000, 'the relay to publish every report version');
    expect(published.length).toBe(expected);
    for (const m of published.filter((x) => x.suppressed !== null)) expect(m.measureReport.group[0].population).toBeUndefined();
    expect(published.filter((m) => m.stratum.code === C && m.suppressed === null)).toEqual([]);
  });

  it('a rebuild from replay of the quality topic gives the same digest', async () => {
    const status = await requestAs<{ digest: string; rows: number }>(admin, 'GET', `${base}/indicators/projections/indicators`);
    expect(status.body.digest).toMatch(/^[0-9a-f]{64}$/);
    const rebuilt = await requestAs<{ liveDigest: string; rebuiltDigest: string; swapped: boolean }>(admin, 'POST', `${base}/indicators/projections/indicators/rebuild`);
    expect(rebuilt.status).toBe(200);
    expect(rebuilt.body).toMatchObject({ swapped: false, liveDigest: status.body.digest, rebuiltDigest: status.body.digest });
  });

  it('a corrupted fact changes the digest; the rebuild restores the cells and the published reports stay as they were', async () => {
    const digest = async () => (await requestAs<{ digest: string }>(admin, 'GET', `${base}/indicators/projections/indicators`)).body.digest;
    const good = await digest();
    await db.pool.query("UPDATE indicator_facts SET fact = fact - 'response' WHERE dispatch_ref = $1", [refsB[1]]);
    expect(await digest()).not.toBe(good);
    const rebuilt = await requestAs<{ liveDigest: string; rebuiltDigest: string; swapped: boolean; republished: number }>(admin, 'POST', `${base}/indicators/projections/indicators/rebuild`);
    expect(rebuilt.body).toMatchObject({ swapped: true, rebuiltDigest: good, republished: 0 });
    expect(await digest()).toBe(good);
    expect(counts((await within(B)).body.entry[0].resource)).toEqual([6, 7]);
  });
});
