/**
 * The scheduler against the real Postgres (a scratch database) and the real Kafka broker, with time passed in
 * explicitly: ticks produce due → reminder → expiry exactly once, even when a tick is repeated, when two
 * schedulers run at once, or when a tick dies half-way. The relay then publishes the notification requests,
 * which are read back from the ops topic as an outside gateway would.
 */
import { randomUUID } from 'node:crypto';
import type { Producer } from 'kafkajs';
import type { Actor } from '@hub/access-policy';
import { ACCESS_REPLICA_DDL, rememberAccessEvent } from '@hub/access-replica';
import { TOPICS } from '@hub/contracts';
import { ensureEventStoreSchema, inTransaction } from '@hub/event-store';
import { connectProducer, createKafka, silentLogger, startRelay, type Relay } from '@hub/messaging';
import { DomainError } from '@hub/service-kit/errors';
import { createScratchDatabase, readAllMessages, requireEnv, type ScratchDatabase } from '@hub/testing';
import { recordAnswer } from '../answers/record-answer';
import { QUESTIONNAIRES_DDL } from '../bank/questionnaire.table';
import { OrderCommands } from '../order/order.commands';
import type { PlaceOrderDto } from '../order/order.dto';
import { stopOrdersFor } from '../order/stop-orders';
import { KNOWN_PATIENTS_DDL } from '../patients/known-patients.table';
import { claimDueWork, DUE_WORK_DDL } from './due-work.table';
import { doDueWork } from './due-work.handlers';
import { runTick } from './scheduler';

jest.setTimeout(90_000);

const URL = 'http://pro-hub.dk/fhir/Questionnaire/pain-nrs';
const t0 = new Date('2027-03-01T08:00:00.000Z');
const plus = (days: number, extraMs = 0) => new Date(t0.getTime() + days * 86_400_000 + extraMs);
let db: ScratchDatabase;
let orders: OrderCommands;
let producer: Producer;
let relay: Relay;

/** Orders are placed by an administrator, who may order for either unit below. */
const admin: Actor = { subject: 'admin-1', role: 'administrator', orgSor: '123456789' };

/** A patient dispatch knows, in care at both units (as the consent topic would have told its access replica). */
async function knownPatient(treatmentConsent = true): Promise<string> {
  const patientId = randomUUID();
  await db.pool.query('INSERT INTO known_patients (patient_id, registered_at, treatment_consent) VALUES ($1, now(), $2)', [patientId, treatmentConsent]);
  const validFrom = plus(-30).toISOString();
  await inTransaction(db.pool, async (tx) => {
    for (const unitSor of ['123456789', '987654321']) {
      const data = { relationshipId: randomUUID(), patientId, unitSor, sector: 'hospital' as const, pathway: 'pain', validFrom, recordedAt: validFrom };
      await rememberAccessEvent(tx, randomUUID(), { type: 'CareRelationshipStarted', data });
    }
  });
  return patientId;
}

const orderFor = (patientId: string, overrides: Partial<PlaceOrderDto> = {}): PlaceOrderDto => ({
  patientId,
  unitSor: '123456789',
  questionnaire: `${URL}|1.0.0`,
  schedule: { kind: 'recurring', start: t0.toISOString(), every: 'P14D', count: 2 },
  reminderAfter: 'P3D',
  expiresAfter: 'P7D',
  ...overrides,
});

async function eventsOf(streamPrefix: string, type?: string): Promise<{ type: string; data: Record<string, unknown> }[]> {
  const { rows } = await db.pool.query<{ type: string; data: Record<string, unknown> }>(
    'SELECT type, data FROM events WHERE stream_id LIKE $1 AND ($2::text IS NULL OR type = $2) ORDER BY global_position',
    [`${streamPrefix}%`, type ?? null],
  );
  return rows;
}

beforeAll(async () => {
  db = await createScratchDatabase('scheduler');
  await ensureEventStoreSchema(db.pool);
  await db.pool.query(QUESTIONNAIRES_DDL + KNOWN_PATIENTS_DDL + DUE_WORK_DDL + ACCESS_REPLICA_DDL);
  const resource = (version: string, status: string) => JSON.stringify({ resourceType: 'Questionnaire', url: URL, version, status, item: [] });
  await db.pool.query('INSERT INTO questionnaires (url, version, resource) VALUES ($1, $2, $3), ($1, $4, $5)', [URL, '1.0.0', resource('1.0.0', 'active'), '0.9.0', resource('0.9.0', 'retired')]);
  orders = new OrderCommands(db.pool);
  producer = await connectProducer(createKafka('scheduler-int', requireEnv('KAFKA_BROKERS').split(','), silentLogger));
  relay = startRelay({ name: `scheduler-int-${randomUUID()}`, pool: db.pool, producer, logger: silentLogger, pollIntervalMs: 200 });
});

afterAll(async () => {
  await relay?.stop();
  await producer?.disconnect();
  await db?.drop();
});

describe('scheduler ticks on a controlled clock', () => {
  let patientId: string;
  let orderId: string;
  const dispatchIds: string[] = [];

  it('issues a due occurrence exactly once, however often the tick repeats', async () => {
    patientId = await knownPatient();
    const placed = await orders.place(orderFor(patientId), admin, t0);
    orderId = placed.order.orderId;
    expect(placed.order).toMatchObject({ status: 'active', nextDueAt: t0.toISOString(), occurrences: [] });
    expect(await runTick(db.pool, plus(0, -1))).toEqual({ occurrence: 0, reminder: 0, expiry: 0, failed: 0 });
    expect(await runTick(db.pool, t0)).toMatchObject({ occurrence: 1 });
    expect(await runTick(db.pool, t0)).toMatchObject({ occurrence: 0 });
    const view = await orders.describe(orderId);
    expect(view.occurrences).toEqual([expect.objectContaining({ occurrence: 0, status: 'sent', expiresAt: plus(7).toISOString() })]);
    dispatchIds.push(view.occurrences[0].dispatchId);
    expect(await eventsOf(`dispatch-${dispatchIds[0]}`)).toHaveLength(2); // dispatched + notification
    const [dispatched] = await eventsOf(`dispatch-${dispatchIds[0]}`, 'QuestionnaireDispatched');
    expect(dispatched.data.order).toEqual({ orderId, occurrence: 0 });
  });

  it('two schedulers at the reminder time remind once', async () => {
    const results = await Promise.all([runTick(db.pool, plus(3)), runTick(db.pool, plus(3)), runTick(db.pool, plus(3, 1))]);
    expect(results.reduce((n, r) => n + r.reminder, 0)).toBe(1);
    expect(await eventsOf(`dispatch-${dispatchIds[0]}`, 'ReminderDue')).toHaveLength(1);
  });

  it('a reminder row that survived (as if its deletion were lost) is refused by the decider', async () => {
    await db.pool.query(
      "INSERT INTO due_work (work_key, kind, due_at, order_id, dispatch_id, patient_id, unit_sor) VALUES ($1, 'reminder', $2, $3, $4, $5, '123456789')",
      [`reminder:${dispatchIds[0]}`, plus(3).toISOString(), orderId, dispatchIds[0], patientId],
    );
    expect(await runTick(db.pool, plus(4))).toMatchObject({ reminder: 1, failed: 0 });
    expect(await eventsOf(`dispatch-${dispatchIds[0]}`, 'ReminderDue')).toHaveLength(1);
  });

  it('a tick that dies half-way leaves nothing behind, and the next one does the work once', async () => {
    const crash = new Error('process killed');
    await expect(
      inTransaction(db.pool, async (tx) => {
        const work = await claimDueWork(tx, plus(7), []);
        await doDueWork(tx, work!, plus(7));
        throw crash;
      }),
    ).rejects.toBe(crash);
    expect(await eventsOf(`dispatch-${dispatchIds[0]}`, 'DispatchExpired')).toHaveLength(0);
    expect(await runTick(db.pool, plus(7))).toMatchObject({ expiry: 1 });
    expect(await runTick(db.pool, plus(8))).toMatchObject({ expiry: 0 });
    expect((await orders.describe(orderId)).occurrences[0].status).toBe('expired');
  });

  it('an answered occurrence gets neither reminder nor expiry, and the last occurrence completes the order', async () => {
    expect(await runTick(db.pool, plus(14))).toMatchObject({ occurrence: 1 });
    const view = await orders.describe(orderId);
    expect(view).toMatchObject({ status: 'completed' });
    dispatchIds.push(view.occurrences[1].dispatchId);
    expect((await eventsOf(`dispatch-${dispatchIds[1]}`, 'QuestionnaireDispatched'))[0].data.order).toEqual({ orderId, occurrence: 1 });
    await inTransaction(db.pool, (tx) => recordAnswer(tx, { dispatchId: dispatchIds[1], responseId: randomUUID(), receivedAt: plus(15).toISOString(), late: false }));
    expect(await runTick(db.pool, plus(30))).toEqual({ occurrence: 0, reminder: 0, expiry: 0, failed: 0 });
    expect((await orders.describe(orderId)).occurrences.map((o) => o.status)).toEqual(['expired', 'answered']);
  });

  it('publishes the notification requests on the ops topic without health content', async () => {
    await relay.drain();
    const messages = (await readAllMessages(requireEnv('KAFKA_BROKERS').split(','), [TOPICS.notifications])).filter((m) => dispatchIds.includes(JSON.parse(m.value).linkId));
    expect(messages.map((m) => JSON.parse(m.value).kind)).toEqual(['new-questionnaire', 'reminder', 'new-questionnaire']);
    for (const m of messages) {
      expect(Object.keys(JSON.parse(m.value)).sort()).toEqual(['channel', 'kind', 'linkId', 'notificationId', 'patientId', 'requestedAt']);
      expect(m.value).not.toContain('pain-nrs');
      expect(m.value).not.toContain('123456789');
      expect(m.headers['event-type']).toBe('NotificationRequested');
    }
  });
});

describe('stopping orders', () => {
  it('stops a patient’s orders at a unit: nothing more is issued, reminders are dropped, expiry stays', async () => {
    const patientId = await knownPatient();
    const other = await orders.place(orderFor(patientId, { unitSor: '987654321' }), admin, t0);
    const { order } = await orders.place(orderFor(patientId), admin, t0);
    await runTick(db.pool, t0);
    const stopped = await inTransaction(db.pool, (tx) => stopOrdersFor(tx, { patientId, unitSor: '123456789', reason: 'care-ended', at: plus(1).toISOString(), by: 'consent' }));
    expect(stopped).toEqual([order.orderId]);
    expect(await inTransaction(db.pool, (tx) => stopOrdersFor(tx, { patientId, unitSor: '123456789', reason: 'care-ended', at: plus(1).toISOString(), by: 'consent' }))).toEqual([]);
    await runTick(db.pool, plus(20));
    const view = await orders.describe(order.orderId);
    expect(view).toMatchObject({ status: 'stopped', stopReason: 'care-ended' });
    expect(view.occurrences).toEqual([expect.objectContaining({ status: 'expired', reminded: false })]);
    expect((await orders.describe(other.order.orderId)).occurrences.map((o) => o.status)).toEqual(['expired', 'sent']);
  });

  it('an order whose patient lost treatment consent stops instead of sending', async () => {
    const patientId = await knownPatient();
    const { order } = await orders.place(orderFor(patientId, { schedule: { kind: 'once', at: plus(1).toISOString() } }), admin, t0);
    await db.pool.query('UPDATE known_patients SET treatment_consent = false WHERE patient_id = $1', [patientId]);
    await runTick(db.pool, plus(1));
    expect(await orders.describe(order.orderId)).toMatchObject({ status: 'stopped', stopReason: 'consent-withdrawn', occurrences: [] });
  });
});

describe('bad orders are refused with every problem named, and nothing is stored', () => {
  async function refusal(dto: PlaceOrderDto): Promise<DomainError> {
    const before = (await db.pool.query('SELECT count(*)::int AS n FROM events')).rows[0].n;
    const err = await orders.place(dto, admin, t0).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect((await db.pool.query('SELECT count(*)::int AS n FROM events')).rows[0].n).toBe(before);
    if (!(err instanceof DomainError)) throw new Error(`expected a refusal, got ${String(err)}`);
    return err;
  }

  it('a schedule that makes no sense', async () => {
    const err = await refusal(orderFor(await knownPatient(), { schedule: { kind: 'recurring', start: t0.toISOString(), every: -14, until: plus(-30).toISOString() }, reminderAfter: 'P8D' }));
    expect(err.code).toBe('validation');
    expect(err.problems.map((p) => p.location)).toEqual(['schedule.every', 'schedule.until', 'reminderAfter']);
  });

  it('unknown and retired versions, a patient without treatment consent', async () => {
    expect((await refusal(orderFor(await knownPatient(), { questionnaire: `${URL}|9.9.9` }))).code).toBe('not-found');
    const err = await refusal(orderFor(await knownPatient(false), { questionnaire: `${URL}|0.9.0` }));
    expect(err.code).toBe('illegal-state');
    expect(err.problems.map((p) => p.location)).toEqual(['patientId', 'questionnaire']);
  });
});
