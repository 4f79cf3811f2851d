/**
 * Orders stop when the consent topic says the unit may no longer order: dispatch in-process on a controlled
 * clock against the real Postgres (a scratch database) and Kafka, fed consent events as the consent service's
 * relay would publish them. Like dispatch.int.spec.ts it uses the service's own consumer groups, so no other
 * dispatch may share the broker while it runs (npm test runs specs one by one).
 */
import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import type { Producer } from 'kafkajs';
import type { TokenClaims } from '@hub/auth';
import { contractOf, TOPICS, type EventType } from '@hub/contracts';
import { connectProducer, createKafka, silentLogger } from '@hub/messaging';
import { runService } from '@hub/service-kit';
import { createScratchDatabase, eventually, readAllMessages, requestAs, requireEnv, throwawayEnvelope, useTestAuth, type ScratchDatabase } from '@hub/testing';
import { DispatchModule } from '../dispatch.module';
import type { OrderView } from './order.view';

jest.setTimeout(90_000);

const QUESTIONNAIRE = 'http://pro-hub.dk/fhir/Questionnaire/pain-nrs|1.0.0';
const HOSPITAL = '123456789';
const GP = '987654321';
const DAY = 86_400_000;
const admin: TokenClaims = { role: 'administrator', org: HOSPITAL };
const clinicianOf = (unitSor: string): TokenClaims => ({ role: 'clinician', org: unitSor, sub: `clinician-${unitSor}` });
let db: ScratchDatabase;
let app: INestApplication;
let base: string;
let producer: Producer;
let t0: number;

const at = (days: number) => new Date(t0 + days * DAY).toISOString();
const moveClock = async (days: number) => (await requestAs<{ tick: { occurrence: number } }>(admin, 'POST', `${base}/admin/clock`, { now: at(days) })).body.tick;
const readOrder = async (orderId: string) => (await requestAs<OrderView>(admin, 'GET', `${base}/orders/${orderId}`)).body;

async function publishConsentEvent(type: EventType, streamKey: string, data: Record<string, unknown>): Promise<void> {
  const headers = { 'event-id': randomUUID(), 'event-type': type, 'schema-version': String(contractOf(type).schemaVersion) };
  await producer.send({ topic: TOPICS.consent, messages: [{ key: streamKey, value: JSON.stringify(data), headers }] });
}

/** A registered patient with treatment consent, in care at the given units; returns the relationship ids by unit. */
async function patientInCare(patientId: string, units: string[]): Promise<Record<string, string>> {
  const from = at(-30);
  await publishConsentEvent('PatientRegistered', `patient-${patientId}`, { patientId, cpr: throwawayEnvelope(patientId), registeredAt: from });
  await publishConsentEvent('ConsentGranted', `patient-${patientId}`, { patientId, purpose: 'treatment', grantedAt: from });
  const relationships: Record<string, string> = {};
  for (const unitSor of units) {
    relationships[unitSor] = randomUUID();
    const data = { relationshipId: relationships[unitSor], patientId, unitSor, sector: unitSor === GP ? 'general-practice' : 'hospital', pathway: 'pain', validFrom: from, recordedAt: from };
    await publishConsentEvent('CareRelationshipStarted', `care-relationships-${patientId}`, data);
  }
  return relationships;
}

/** A fortnightly order of four occurrences from t0 (or `startDay`), placed once dispatch has learned the consent and the care. */
async function placeOrder(patientId: string, unitSor: string, startDay = 0): Promise<string> {
  const body = { patientId, unitSor, questionnaire: QUESTIONNAIRE, schedule: { kind: 'recurring', start: at(startDay), every: 'P14D', count: 4 }, reminderAfter: 'P3D', expiresAfter: 'P7D' };
  const placed = await eventually(() => requestAs<OrderView>(clinicianOf(unitSor), 'POST', `${base}/orders`, body), (r) => r.status === 201, 30_000, 'dispatch to accept the order');
  return placed.body.orderId;
}

const stopEvent = async (orderId: string) =>
  (await db.pool.query<{ data: Record<string, string> }>("SELECT data FROM events WHERE stream_id = $1 AND type = 'OrderStopped'", [`order-${orderId}`])).rows.map((r) => r.data);

beforeAll(async () => {
  await useTestAuth();
  db = await createScratchDatabase('dispatch');
  Object.assign(process.env, { DATABASE_URL: db.url, PORT: '0', HUB_CLOCK: 'controlled', LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' });
  app = await runService({ name: 'dispatch', title: 'PRO hub: dispatch', module: DispatchModule });
  base = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  producer = await connectProducer(createKafka('order-stops-int', requireEnv('KAFKA_BROKERS').split(','), silentLogger));
  t0 = Date.parse((await requestAs<{ now: string }>(admin, 'GET', `${base}/admin/clock`)).body.now) + 1000;
});

afterAll(async () => {
  await producer?.disconnect();
  await app?.close();
  await db?.drop();
});

describe('orders stop when the consent topic says so', () => {
  const patientId = randomUUID();
  let relationships: Record<string, string>;
  let hospitalOrder: string;
  let gpOrder: string;

  it('an active recurring order stops issuing once CareRelationshipEnded arrives; the other unit’s order goes on', async () => {
    relationships = await patientInCare(patientId, [HOSPITAL, GP]);
    hospitalOrder = await placeOrder(patientId, HOSPITAL);
    gpOrder = await placeOrder(patientId, GP);
    expect((await moveClock(0)).occurrence).toBe(2);
    const validTo = at(1);
    await publishConsentEvent('CareRelationshipEnded', `care-relationships-${patientId}`, { relationshipId: relationships[HOSPITAL], patientId, unitSor: HOSPITAL, validTo, recordedAt: validTo });
    const stopped = await eventually(() => readOrder(hospitalOrder), (o) => o.status === 'stopped', 30_000, 'dispatch to stop the hospital’s order');
    expect(stopped).toMatchObject({ stopReason: 'care-ended', occurrences: [expect.objectContaining({ occurrence: 0 })] });
    expect(await stopEvent(hospitalOrder)).toEqual([expect.objectContaining({ reason: 'care-ended', stoppedAt: validTo, stoppedBy: expect.stringMatching(/^consent-event:/) })]);

    expect((await moveClock(14)).occurrence).toBe(1);
    expect((await readOrder(hospitalOrder)).occurrences).toHaveLength(1);
    expect(await readOrder(gpOrder)).toMatchObject({ status: 'active', occurrences: [expect.anything(), expect.anything()] });
    // Ending care also refuses new orders from that unit.
    const again = await requestAs<{ errors: { message: string }[] }>(clinicianOf(HOSPITAL), 'POST', `${base}/orders`, { patientId, unitSor: HOSPITAL, questionnaire: QUESTIONNAIRE, schedule: { kind: 'once' } });
    expect(again.status).toBe(409);
    expect(JSON.stringify(again.body)).toContain('no-care-relationship');
  });

  it('a block of the general practice sector stops the GP’s order; a professional block stops nothing', async () => {
    const other = randomUUID();
    await patientInCare(other, [HOSPITAL]);
    const kept = await placeOrder(other, HOSPITAL);
    await publishConsentEvent('AccessBlocked', `blocks-${other}`, { blockId: randomUUID(), patientId: other, target: { kind: 'professional', value: `clinician-${HOSPITAL}` }, validFrom: at(14), recordedAt: at(14) });
    await publishConsentEvent('AccessBlocked', `blocks-${patientId}`, { blockId: randomUUID(), patientId, target: { kind: 'sector', value: 'general-practice' }, validFrom: at(15), recordedAt: at(15) });
    const stopped = await eventually(() => readOrder(gpOrder), (o) => o.status === 'stopped', 30_000, 'dispatch to stop the blocked sector’s order');
    expect(stopped.stopReason).toBe('unit-blocked');
    // The replica row and any stop are written in one transaction: once the row is there, the block was handled.
    const replicated = () => db.pool.query("SELECT 1 FROM patient_access_events WHERE patient_id = $1 AND type = 'AccessBlocked'", [other]);
    await eventually(async () => (await replicated()).rowCount ?? 0, (n) => n === 1, 30_000, 'dispatch to learn of the professional block');
    expect(await readOrder(kept)).toMatchObject({ status: 'active' });
    expect(await stopEvent(kept)).toEqual([]);
  });

  it('withdrawn treatment consent stops every unit’s orders and refuses new ones', async () => {
    const withdrawing = randomUUID();
    await patientInCare(withdrawing, [HOSPITAL, GP]);
    const orders = [await placeOrder(withdrawing, HOSPITAL), await placeOrder(withdrawing, GP)];
    await publishConsentEvent('ConsentWithdrawn', `patient-${withdrawing}`, { patientId: withdrawing, purpose: 'treatment', withdrawnAt: at(15) });
    for (const orderId of orders) {
      expect(await eventually(() => readOrder(orderId), (o) => o.status === 'stopped', 30_000, 'dispatch to stop the order')).toMatchObject({ stopReason: 'consent-withdrawn' });
    }
    const refused = await requestAs<{ type: string }>(clinicianOf(HOSPITAL), 'POST', `${base}/orders`, { patientId: withdrawing, unitSor: HOSPITAL, questionnaire: QUESTIONNAIRE, schedule: { kind: 'once' } });
    expect(refused.status).toBe(409);
    expect(JSON.stringify(refused.body)).toContain('not consented to treatment');
  });
});

describe('an erased patient gets nothing more', () => {
  const erased = randomUUID();
  let orders: string[];
  const notifications = async () => (await db.pool.query<{ n: number }>("SELECT count(*)::int AS n FROM events WHERE type = 'NotificationRequested' AND data->>'patientId' = $1", [erased])).rows[0].n;
  const pendingWork = async () => (await db.pool.query<{ kind: string }>('SELECT kind FROM due_work WHERE patient_id = $1 ORDER BY kind', [erased])).rows.map((r) => r.kind);
  const placeFrom = async (unitSor: string, days: number) => {
    const body = { patientId: erased, unitSor, questionnaire: QUESTIONNAIRE, schedule: { kind: 'recurring', start: at(days), every: 'P14D', count: 4 }, reminderAfter: 'P3D', expiresAfter: 'P7D' };
    const placed = await eventually(() => requestAs<OrderView>(clinicianOf(unitSor), 'POST', `${base}/orders`, body), (r) => r.status === 201, 30_000, 'dispatch to accept the order');
    return placed.body.orderId;
  };

  it('PatientErased stops every unit’s orders as patient-erased and cancels the reminders of their open dispatches', async () => {
    await patientInCare(erased, [HOSPITAL, GP]);
    orders = [await placeFrom(HOSPITAL, 20), await placeFrom(GP, 20)];
    // Other scenarios' orders may fall due on the same tick, so count this patient's notifications only.
    await moveClock(20);
    expect(await notifications()).toBe(2);
    expect(await pendingWork()).toEqual(['expiry', 'expiry', 'occurrence', 'occurrence', 'reminder', 'reminder']);

    await publishConsentEvent('PatientErased', `patient-${erased}`, { patientId: erased, reason: 'patient-request', erasedAt: at(21) });
    for (const orderId of orders) {
      expect(await eventually(() => readOrder(orderId), (o) => o.status === 'stopped', 30_000, 'dispatch to stop the erased patient’s order')).toMatchObject({ stopReason: 'patient-erased' });
      expect(await stopEvent(orderId)).toEqual([expect.objectContaining({ reason: 'patient-erased', stoppedAt: at(21), stoppedBy: expect.stringMatching(/^consent-event:/) })]);
    }
    // Expiries stay: they only close the dispatches (and flag a late answer); they notify no one.
    expect(await pendingWork()).toEqual(['expiry', 'expiry']);
  });

  it('no reminder and no further occurrence is sent once the clock passes them; the open dispatches just expire', async () => {
    await moveClock(40);
    expect(await notifications()).toBe(2);
    for (const orderId of orders) {
      const order = await readOrder(orderId);
      expect(order.occurrences.map((o) => [o.occurrence, o.reminded, o.status])).toEqual([[0, false, 'expired']]);
    }
    expect(await pendingWork()).toEqual([]);
  });

  it('refuses new orders and one-off dispatches with a 409 problem that names the erasure', async () => {
    const ordered = await requestAs<{ type: string; status: number; errors: { location?: string; message: string }[] }>(clinicianOf(HOSPITAL), 'POST', `${base}/orders`, { patientId: erased, unitSor: HOSPITAL, questionnaire: QUESTIONNAIRE, schedule: { kind: 'once' } });
    expect(ordered.status).toBe(409);
    expect(ordered.contentType).toContain('application/problem+json');
    expect(ordered.body.errors).toEqual([{ location: 'patientId', message: `patient ${erased} has been erased; nothing may be ordered for them` }]);
    const dispatched = await requestAs<{ status: number; errors: { message: string }[] }>(clinicianOf(GP), 'POST', `${base}/dispatches`, { patientId: erased, unitSor: GP, questionnaire: QUESTIONNAIRE });
    expect(dispatched.status).toBe(409);
    expect(dispatched.contentType).toContain('application/problem+json');
    expect(dispatched.body.errors[0].message).toBe(`patient ${erased} has been erased; nothing may be dispatched to them`);
    expect(await notifications()).toBe(2);
  });

  it('publishes the stops on the dispatch topic as OrderStopped v2', async () => {
    const keys = orders.map((id) => `order-${id}`);
    const stops = await eventually(
      async () => (await readAllMessages(requireEnv('KAFKA_BROKERS').split(','), [TOPICS.dispatch])).filter((m) => keys.includes(m.key ?? '') && m.headers['event-type'] === 'OrderStopped'),
      (ms) => ms.length === orders.length,
      30_000,
      'the stops on the dispatch topic',
    );
    expect(stops.map((m) => [m.headers['schema-version'], JSON.parse(m.value).reason])).toEqual(orders.map(() => ['2', 'patient-erased']));
  });
});

// Last: it moves the shared clock far ahead (day 100 on), past every other test's timeline.
describe('an end recorded ahead of time', () => {
  it('care ended ahead of time (a future end date): the occurrences before the end are sent, the first one after it stops the order', async () => {
    // On a timeline of its own (from day 100): the other tests move the shared clock up to day 14.
    const ahead = randomUUID();
    const care = await patientInCare(ahead, [HOSPITAL]);
    const orderId = await placeOrder(ahead, HOSPITAL, 100);
    // Recorded on day 100, ending on day 120: between the occurrences of day 114 and day 128.
    const recordedAt = at(100);
    const validTo = at(120);
    await publishConsentEvent('CareRelationshipEnded', `care-relationships-${ahead}`, { relationshipId: care[HOSPITAL], patientId: ahead, unitSor: HOSPITAL, validTo, recordedAt });
    await eventually(
      () => db.pool.query("SELECT 1 FROM patient_access_events WHERE patient_id = $1 AND type = 'CareRelationshipEnded'", [ahead]),
      (r) => (r.rowCount ?? 0) > 0,
      30_000,
      'dispatch to receive the end',
    );
    await moveClock(100);
    await moveClock(114);
    expect(await readOrder(orderId)).toMatchObject({ status: 'active', occurrences: [expect.anything(), expect.anything()] });
    await moveClock(128);
    const stopped = await readOrder(orderId);
    expect(stopped).toMatchObject({ status: 'stopped', stopReason: 'care-ended', occurrences: [expect.anything(), expect.anything()] });
    expect(await stopEvent(orderId)).toEqual([expect.objectContaining({ reason: 'care-ended', stoppedAt: at(128), stoppedBy: 'scheduler:no-care-relationship' })]);
  });
});
