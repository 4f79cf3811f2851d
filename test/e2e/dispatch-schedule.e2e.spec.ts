/**
 * Ordering across consent, dispatch and intake as separate processes over the real Kafka broker and Postgres,
 * with dispatch on a controlled clock (HUB_CLOCK=controlled, moved by POST /admin/clock):
 * order → due → notification on the ops topic (no health content) → reminder → answer accepted → no expiry;
 * then a second occurrence that expires, and a late answer that intake flags late because dispatch said so.
 * The unit is registered and in care of the patient (as in the walking skeleton): only such a unit may order.
 */
import { randomInt } from 'node:crypto';
import { Client } from 'pg';
import type { TokenClaims } from '@hub/auth';
import { databaseUrlVar, eventually, freePort, readAllMessages, requestAs, requireEnv, startService, stopService, useTestAuth, waitHealthy, type RunningService } from '@hub/testing';

jest.setTimeout(180_000);

// The pain NRS version that has a PRO package, so the answers are scored and triaged (pain >= 7 is red).
const QUESTIONNAIRE = 'http://pro-hub.dk/fhir/Questionnaire/pain-nrs|1.1.0';
const CPR = '150372-4418';
const DAY = 86_400_000;
const brokers = () => requireEnv('KAFKA_BROKERS').split(',');
const unitSor = String(200000000000000 + randomInt(1, 2 ** 46));
const names = ['consent', 'dispatch', 'intake'] as const;
const services = {} as Record<(typeof names)[number], RunningService>;
const url = (s: (typeof names)[number]) => services[s].url;
const clinician: TokenClaims = { role: 'clinician', org: unitSor, sub: 'nurse-7' };
const admin: TokenClaims = { role: 'administrator', org: unitSor };
const patient = (): TokenClaims => ({ role: 'patient', org: unitSor, patient: patientId });

interface Occurrence {
  occurrence: number;
  dispatchId: string;
  status: string;
  reminded: boolean;
}
interface OrderView {
  orderId: string;
  status: string;
  occurrences: Occurrence[];
}

let t0: number;
let patientId: string;
let orderId: string;
const dispatchIds: string[] = [];

const at = (days: number) => new Date(t0 + days * DAY + 1000).toISOString();
const moveClock = (days: number) => requestAs<{ now: string; tick: Record<string, number> }>(admin, 'POST', `${url('dispatch')}/admin/clock`, { now: at(days) });
const readOrder = async () => (await requestAs<OrderView>(clinician, 'GET', `${url('dispatch')}/orders/${orderId}`)).body;

/** Registers a patient with the consent service and puts them in the unit's care; treatment consent when asked. */
async function patientInCare(cpr: string, treatmentConsent: boolean): Promise<string> {
  const id = (await requestAs<{ patientId: string }>(clinician, 'POST', `${url('consent')}/patients`, { cpr })).body.patientId;
  if (treatmentConsent) expect((await requestAs(clinician, 'POST', `${url('consent')}/patients/${id}/consents`, { purpose: 'treatment' })).status).toBe(201);
  const care = await requestAs(clinician, 'POST', `${url('consent')}/patients/${id}/care-relationships`, { unitSor, pathway: 'pain', validFrom: new Date(t0 - DAY).toISOString() });
  expect(care.status).toBe(201);
  return id;
}

function answer(dispatchId: string) {
  return {
    resourceType: 'QuestionnaireResponse',
    identifier: { system: 'urn:pro-hub:test:response', value: dispatchId },
    questionnaire: QUESTIONNAIRE,
    status: 'completed',
    basedOn: [{ reference: `ServiceRequest/${dispatchId}` }],
    subject: { reference: `Patient/${patientId}` },
    item: [{ linkId: 'pain', answer: [{ valueInteger: 8 }] }],
  };
}

const postAnswer = (dispatchId: string) =>
  eventually(
    () => requestAs<Record<string, unknown>>(patient(), 'POST', `${url('intake')}/fhir/QuestionnaireResponse`, answer(dispatchId), { 'content-type': 'application/fhir+json' }),
    (r) => r.status === 201,
    30_000,
    'intake to learn of the dispatch and accept the answer',
  );

async function acceptedEvent(dispatchId: string): Promise<{ late: boolean }> {
  const found = await eventually(
    async () =>
      (await readAllMessages(brokers(), ['pro.treatment.intake.v1'])).filter((m) => m.headers['event-type'] === 'QuestionnaireResponseAccepted' && JSON.parse(m.value).dispatchId === dispatchId),
    (ms) => ms.length === 1,
    30_000,
    'the accepted answer on the intake topic',
  );
  return JSON.parse(found[0].value);
}

async function dispatchEventCount(): Promise<number> {
  const db = new Client({ connectionString: requireEnv(databaseUrlVar('dispatch')) });
  await db.connect();
  try {
    return Number((await db.query<{ n: string }>('SELECT count(*) AS n FROM events')).rows[0].n);
  } finally {
    await db.end();
  }
}

beforeAll(async () => {
  await useTestAuth();
  for (const name of names) services[name] = startService(name, await freePort(), name === 'dispatch' ? { HUB_CLOCK: 'controlled' } : {});
  await Promise.all(names.map((name) => waitHealthy(services[name])));
  t0 = Date.parse((await requestAs<{ now: string }>(admin, 'GET', `${url('dispatch')}/admin/clock`)).body.now);
  expect((await requestAs(admin, 'POST', `${url('consent')}/organisations`, [{ sor: unitSor, name: 'Dispatch schedule unit', sector: 'hospital', region: 'Hovedstaden' }])).status).toBe(200);
});

afterAll(async () => {
  const outcomes = await Promise.all(names.filter((n) => services[n]).map((n) => stopService(services[n])));
  expect(outcomes).toEqual(names.map(() => 'graceful'));
});

describe('order → due → reminder → answer, then an expired occurrence and a late answer', () => {
  it('a unit orders a fortnightly questionnaire, twice, for a patient with treatment consent', async () => {
    patientId = await patientInCare(CPR, true);
    const body = { patientId, unitSor, questionnaire: QUESTIONNAIRE, schedule: { kind: 'recurring', start: new Date(t0).toISOString(), every: 'P14D', count: 2 }, reminderAfter: 'P3D', expiresAfter: 'P7D', channel: 'sms' };
    const placed = await eventually(() => requestAs<OrderView>(clinician, 'POST', `${url('dispatch')}/orders`, body), (r) => r.status === 201, 30_000, 'dispatch to learn of the consent and the care relationship');
    orderId = placed.body.orderId;
    expect(placed.body).toMatchObject({ status: 'active', occurrences: [], placedBy: 'clinician:nurse-7' });
    // A clinician orders for their own unit only, and a patient may not order at all.
    expect((await requestAs({ ...clinician, org: '123456789' }, 'POST', `${url('dispatch')}/orders`, body)).status).toBe(403);
    expect((await requestAs(patient(), 'POST', `${url('dispatch')}/orders`, body)).status).toBe(403);
    expect((await requestAs({ ...clinician, org: '123456789' }, 'GET', `${url('dispatch')}/orders/${orderId}`)).status).toBe(403);
  });

  it('the first occurrence falls due on the clock and the patient is notified on the ops topic, without health content', async () => {
    expect((await moveClock(0)).body.tick).toMatchObject({ occurrence: 1 });
    dispatchIds.push((await readOrder()).occurrences[0].dispatchId);
    const notes = await eventually(
      async () => (await readAllMessages(brokers(), ['pro.ops.notifications.v1'])).filter((m) => JSON.parse(m.value).linkId === dispatchIds[0]),
      (ms) => ms.length === 1,
      30_000,
      'the notification on the ops topic',
    );
    const note = JSON.parse(notes[0].value);
    expect(note).toMatchObject({ kind: 'new-questionnaire', patientId, channel: 'sms', linkId: dispatchIds[0] });
    expect(Object.keys(note).sort()).toEqual(['channel', 'kind', 'linkId', 'notificationId', 'patientId', 'requestedAt']);
    for (const forbidden of [CPR, CPR.replace('-', ''), 'pain-nrs', 'Smerte', unitSor]) expect(notes[0].value).not.toContain(forbidden);
  });

  it('a reminder follows after three days, once, however often the clock is set', async () => {
    expect((await moveClock(3)).body.tick).toMatchObject({ reminder: 1 });
    expect((await requestAs(admin, 'POST', `${url('dispatch')}/admin/clock`, { now: at(3) })).body).toMatchObject({ tick: { reminder: 0 } });
    expect((await requestAs(clinician, 'POST', `${url('dispatch')}/admin/clock`, { now: at(3) })).status).toBe(403);
    expect((await readOrder()).occurrences[0]).toMatchObject({ reminded: true, status: 'sent' });
  });

  it('the patient answers; dispatch learns it from intake, so no expiry follows', async () => {
    await postAnswer(dispatchIds[0]);
    expect((await acceptedEvent(dispatchIds[0])).late).toBe(false);
    await eventually(readOrder, (o) => o.occurrences[0].status === 'answered', 30_000, 'dispatch to learn of the answer');
    expect((await moveClock(8)).body.tick).toEqual({ occurrence: 0, reminder: 0, expiry: 0, failed: 0 });
    expect((await readOrder()).occurrences[0].status).toBe('answered');
  });

  it('the answer is triaged red (pain 8) and heads the unit clinician’s worklist', async () => {
    type Worklist = { entries: { patientId: string; responses: { responseId: string; triage: string; receivedAt: string }[] }[] };
    const worklist = await requestAs<Worklist>(clinician, 'GET', `${url('intake')}/worklist`);
    expect(worklist.status).toBe(200);
    const ours = worklist.body.entries.find((e) => e.patientId === patientId);
    expect(ours?.responses).toEqual([expect.objectContaining({ triage: 'red' })]);
    // Another unit's clinician has no care relationship with the patient: the patient is not on their worklist.
    const elsewhere = await requestAs<Worklist>({ role: 'clinician', org: '999999999999' }, 'GET', `${url('intake')}/worklist`);
    expect(elsewhere.body.entries.some((e) => e.patientId === patientId)).toBe(false);
  });

  it('the second occurrence goes unanswered: reminded, then expired, and the order is complete', async () => {
    expect((await moveClock(14)).body.tick).toMatchObject({ occurrence: 1 });
    expect((await moveClock(17)).body.tick).toMatchObject({ reminder: 1 });
    expect((await moveClock(21)).body.tick).toMatchObject({ expiry: 1 });
    const order = await readOrder();
    dispatchIds.push(order.occurrences[1].dispatchId);
    expect(order).toMatchObject({ status: 'completed', occurrences: [{ status: 'answered' }, { status: 'expired', reminded: true }] });
  });

  it('a late answer is accepted and flagged late, because intake learned the expiry from dispatch', async () => {
    const intake = new Client({ connectionString: requireEnv(databaseUrlVar('intake')) });
    await intake.connect();
    await eventually(
      async () => (await intake.query('SELECT expired_at FROM dispatches WHERE dispatch_id = $1', [dispatchIds[1]])).rows[0]?.expired_at,
      (expiredAt) => Boolean(expiredAt),
      30_000,
      'intake to learn of the expiry',
    ).finally(() => intake.end());
    await postAnswer(dispatchIds[1]);
    expect((await acceptedEvent(dispatchIds[1])).late).toBe(true);
    await eventually(readOrder, (o) => o.occurrences[1].status === 'answered-late', 30_000, 'dispatch to learn of the late answer');
  });

  it('the ops topic carried exactly one notification and one reminder per occurrence', async () => {
    const kinds = (await readAllMessages(brokers(), ['pro.ops.notifications.v1'])).map((m) => JSON.parse(m.value)).filter((n) => dispatchIds.includes(n.linkId));
    expect(kinds.map((n) => `${dispatchIds.indexOf(n.linkId)}:${n.kind}`)).toEqual(['0:new-questionnaire', '0:reminder', '1:new-questionnaire', '1:reminder']);
  });
});

describe('bad orders get RFC 7807 problem details naming every problem, and nothing is stored', () => {
  const order = (body: Record<string, unknown>) => requestAs<{ type: string; errors: { location?: string }[] }>(clinician, 'POST', `${url('dispatch')}/orders`, { patientId, unitSor, questionnaire: QUESTIONNAIRE, ...body });

  it('reversed dates, a zero interval, a reminder after expiry; an unknown version; no consent', async () => {
    const before = await dispatchEventCount();
    const nonsense = await order({ schedule: { kind: 'recurring', start: at(30), every: 0, until: at(1) }, reminderAfter: 'P9D', expiresAfter: 'P7D' });
    expect(nonsense.status).toBe(422);
    expect(nonsense.contentType).toContain('application/problem+json');
    expect(nonsense.body.errors.map((e) => e.location)).toEqual(['schedule.every', 'schedule.until', 'reminderAfter']);
    expect((await order({ schedule: { kind: 'once' }, questionnaire: `${QUESTIONNAIRE.split('|')[0]}|0.0.1` })).status).toBe(404);
    // In the unit's care but without treatment consent, so the refusal is the consent's.
    const stranger = await patientInCare('010203-1234', false);
    const noConsent = await eventually(
      () => order({ patientId: stranger, schedule: { kind: 'once' } }),
      (r) => r.status !== 404 && !JSON.stringify(r.body).includes('no-care-relationship'),
      30_000,
      'dispatch to learn of the patient and the care relationship',
    );
    expect(noConsent.status).toBe(409);
    expect(noConsent.body.type).toBe('urn:pro-hub:problem:illegal-state');
    expect(await dispatchEventCount()).toBe(before);
  });

  it('the clock never moves back', async () => {
    expect((await requestAs(admin, 'POST', `${url('dispatch')}/admin/clock`, { now: new Date(t0).toISOString() })).status).toBe(409);
  });
});
