/**
 * The dispatch service in-process against the real Postgres (a scratch database) and the real Kafka broker from
 * the environment: the seeded bank, immutability, the consent topic feeding known patients, and the relay
 * publishing what was decided. Note: the consumer group is the service's own (`dispatch-consent`), so no other
 * dispatch instance may share the broker while this runs (npm test provisions a fresh one).
 */
import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import type { Producer } from 'kafkajs';
import { contractOf, TOPICS } from '@hub/contracts';
import { connectProducer, createKafka, silentLogger } from '@hub/messaging';
import { runService } from '@hub/service-kit';
import { createScratchDatabase, throwawayEnvelope, eventually, readAllMessages, requestAs, requireEnv, TEST_AUDIT_SIGNING_KEY, useTestAuth, type ScratchDatabase } from '@hub/testing';
import { DispatchModule } from './dispatch.module';
import painNrs from './bank/seed/pain-nrs.questionnaire.json';

jest.setTimeout(90_000);

const PAIN_NRS = 'http://pro-hub.dk/fhir/Questionnaire/pain-nrs';
const CPR = '010190-1234';
const brokers = () => requireEnv('KAFKA_BROKERS').split(',');
let db: ScratchDatabase;
let app: INestApplication;
let base: string;
let producer: Producer;

/** A consent-service event as its relay would publish it. */
async function publishConsentEvent(type: 'PatientRegistered' | 'ConsentGranted' | 'CareRelationshipStarted' | 'CareRelationshipEnded' | 'AccessBlocked', data: Record<string, unknown>): Promise<void> {
  const headers = { 'event-id': randomUUID(), 'event-type': type, 'schema-version': String(contractOf(type).schemaVersion) };
  const stream = type.startsWith('Care') ? 'care-relationships' : type === 'AccessBlocked' ? 'blocks' : 'patient';
  await producer.send({ topic: TOPICS.consent, messages: [{ key: `${stream}-${String(data.patientId)}`, value: JSON.stringify(data), headers }] });
}

const clinician = { role: 'clinician', org: '123456789' } as const;
const admin = { role: 'administrator', org: '123456789' } as const;
const order = (patientId: string, questionnaire = `${PAIN_NRS}|1.0.0`) => requestAs<Record<string, unknown>>(clinician, 'POST', `${base}/dispatches`, { patientId, unitSor: '123456789', questionnaire });

beforeAll(async () => {
  await useTestAuth();
  db = await createScratchDatabase('dispatch');
  const env = process.env;
  Object.assign(env, { DATABASE_URL: db.url, AUDIT_SIGNING_KEY: TEST_AUDIT_SIGNING_KEY, PORT: '0', LOG_LEVEL: env.LOG_LEVEL ?? 'warn' });
  app = await runService({ name: 'dispatch', title: 'PRO hub: dispatch', module: DispatchModule });
  base = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  producer = await connectProducer(createKafka('dispatch-int', brokers(), silentLogger));
});

afterAll(async () => {
  await producer?.disconnect();
  await app?.close();
  await db?.drop();
});

describe('questionnaire bank', () => {
  it('is seeded with the pain NRS once, and finds it by url and version as a FHIR searchset', async () => {
    const found = await requestAs<{ resourceType: string; type: string; total: number; entry: { resource: Record<string, unknown> }[] }>(
      clinician,
      'GET',
      `${base}/fhir/Questionnaire?url=${encodeURIComponent(PAIN_NRS)}&version=1.0.0`,
    );
    expect(found.contentType).toContain('application/fhir+json');
    expect(found.body).toMatchObject({ resourceType: 'Bundle', type: 'searchset', total: 1 });
    expect(found.body.entry[0].resource).toMatchObject({ url: PAIN_NRS, version: '1.0.0', title: 'Smerte (NRS 0-10)', status: 'active' });
    const { rows } = await db.pool.query("SELECT count(*)::int AS n FROM events WHERE type = 'QuestionnairePublished' AND stream_id = $1", [`questionnaire-${PAIN_NRS}|1.0.0`]);
    expect(rows[0].n).toBe(1);
  });

  it('a published version is immutable: the identical resource is a no-op, different content a 409 OperationOutcome', async () => {
    const post = (body: unknown) => requestAs<Record<string, unknown>>(admin, 'POST', `${base}/fhir/Questionnaire`, body, { 'content-type': 'application/fhir+json' });
    const before = await db.pool.query('SELECT count(*)::int AS n FROM events');
    expect((await post(painNrs)).status).toBe(200);
    const changed = await post({ ...painNrs, title: 'Smerte (ændret)' });
    expect(changed.status).toBe(409);
    expect(changed.body).toMatchObject({ resourceType: 'OperationOutcome', issue: [{ code: 'business-rule' }] });
    const { rows } = await db.pool.query('SELECT count(*)::int AS n FROM events');
    expect(rows[0].n).toBe(before.rows[0].n);
  });

  it('refuses an unpublishable resource naming every problem, and stores nothing', async () => {
    const bad = await requestAs<{ issue: { expression: string[] }[] }>(admin, 'POST', `${base}/fhir/Questionnaire`, { resourceType: 'Questionnaire', status: 'draft' }, { 'content-type': 'application/fhir+json' });
    expect(bad.status).toBe(422);
    expect(bad.body.issue.map((i) => i.expression[0])).toEqual(['Questionnaire.url', 'Questionnaire.version', 'Questionnaire.status', 'Questionnaire.item']);
  });

  it('the relay publishes the version on the public questionnaire-bank topic', async () => {
    const { rows } = await db.pool.query<{ event_id: string }>("SELECT event_id FROM events WHERE type = 'QuestionnairePublished' AND stream_id = $1", [`questionnaire-${PAIN_NRS}|1.0.0`]);
    const ours = await eventually(
      async () => (await readAllMessages(brokers(), [TOPICS.questionnaireBank])).filter((m) => m.headers['event-id'] === rows[0].event_id),
      (found) => found.length === 1,
      30_000,
      'the seed on the questionnaire-bank topic',
    );
    expect(ours[0].key).toBe(`questionnaire-${PAIN_NRS}|1.0.0`);
  });
});

describe('dispatch', () => {
  const patientId = randomUUID();
  const cprEnvelope = throwawayEnvelope(patientId, CPR);

  it('knows no patient until the consent topic says so, and needs treatment consent', async () => {
    expect((await order(patientId)).status).toBe(404);
    await publishConsentEvent('PatientRegistered', { patientId, cpr: cprEnvelope, registeredAt: new Date().toISOString() });
    const refused = await eventually(() => order(patientId), (r) => r.status !== 404, 30_000, 'dispatch to learn of the patient');
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ type: 'urn:pro-hub:problem:illegal-state' });
  });

  const relationshipId = randomUUID();

  it('dispatches once treatment consent and the unit’s care relationship arrive, and publishes the dispatch on the treatment topic', async () => {
    await publishConsentEvent('ConsentGranted', { patientId, purpose: 'treatment', grantedAt: new Date().toISOString() });
    const refused = await eventually(() => order(patientId), (r) => String((r.body.errors as { message: string }[] | undefined)?.[0]?.message).includes('no-care-relationship'), 30_000, 'dispatch to refuse a unit without care');
    expect(refused.status).toBe(409);
    const now = new Date().toISOString();
    await publishConsentEvent('CareRelationshipStarted', { relationshipId, patientId, unitSor: '123456789', sector: 'hospital', pathway: 'knee', validFrom: now, recordedAt: now });
    const created = await eventually(() => order(patientId), (r) => r.status === 201, 30_000, 'dispatch to learn of the consent');
    const dispatchId = String(created.body.dispatchId);
    expect(created.body).toMatchObject({ patientId, unitSor: '123456789', questionnaire: { url: PAIN_NRS, version: '1.0.0' } });
    expect(Date.parse(String(created.body.expiresAt)) - Date.parse(String(created.body.dispatchedAt))).toBe(14 * 24 * 3600 * 1000);
    expect((await requestAs(clinician, 'GET', `${base}/dispatches/${dispatchId}`)).body).toEqual(created.body);
    // A clinician acts for their own unit only: another unit's clinician can neither read nor dispatch as this unit.
    const elsewhere = { role: 'clinician', org: '987654321' } as const;
    expect((await requestAs(elsewhere, 'GET', `${base}/dispatches/${dispatchId}`)).status).toBe(403);
    expect((await requestAs(elsewhere, 'POST', `${base}/dispatches`, { patientId, unitSor: '123456789', questionnaire: `${PAIN_NRS}|1.0.0` })).status).toBe(403);
    // Both reads are in the patient's access log, the refusal too, as the dispatch names the patient.
    const { rows: logged } = await db.pool.query<{ data: { actor: { orgSor: string }; resource: { kind: string; ids?: string[] }; effect: string; reason: string } }>(
      "SELECT data FROM events WHERE type = 'AccessDecided' AND data->>'patientId' = $1 ORDER BY global_position",
      [patientId],
    );
    expect(logged.map((r) => r.data)).toEqual([
      expect.objectContaining({ actor: expect.objectContaining({ orgSor: '123456789' }), resource: { kind: 'dispatch', ids: [dispatchId] }, effect: 'permit', reason: 'ordering-unit' }),
      expect.objectContaining({ actor: expect.objectContaining({ orgSor: '987654321' }), resource: { kind: 'dispatch' }, effect: 'deny', reason: 'not-ordering-unit' }),
    ]);
    const ours = await eventually(
      async () => (await readAllMessages(brokers(), [TOPICS.dispatch])).filter((m) => m.key === `dispatch-${dispatchId}`),
      (found) => found.length === 1,
      30_000,
      'the dispatch on its topic',
    );
    expect(ours[0].headers['event-type']).toBe('QuestionnaireDispatched');
  });

  it('stops ordering once care ends, and for a unit the patient has blocked', async () => {
    const other = randomUUID();
    const now = new Date().toISOString();
    await publishConsentEvent('PatientRegistered', { patientId: other, cpr: throwawayEnvelope(other), registeredAt: now });
    await publishConsentEvent('ConsentGranted', { patientId: other, purpose: 'treatment', grantedAt: now });
    await publishConsentEvent('CareRelationshipStarted', { relationshipId: randomUUID(), patientId: other, unitSor: '123456789', sector: 'hospital', pathway: 'knee', validFrom: now, recordedAt: now });
    await eventually(() => order(other), (r) => r.status === 201, 30_000, 'dispatch to accept the order');
    await publishConsentEvent('AccessBlocked', { blockId: randomUUID(), patientId: other, target: { kind: 'unit', value: '123456789' }, validFrom: now, recordedAt: now });
    const blocked = await eventually(() => order(other), (r) => r.status === 409, 30_000, 'dispatch to refuse the blocked unit');
    expect(JSON.stringify(blocked.body)).toContain('blocked');
    await publishConsentEvent('CareRelationshipEnded', { relationshipId, patientId, unitSor: '123456789', validTo: new Date().toISOString(), recordedAt: new Date().toISOString() });
    const ended = await eventually(() => order(patientId), (r) => r.status === 409, 30_000, 'dispatch to refuse after care ended');
    expect(JSON.stringify(ended.body)).toContain('no-care-relationship');
  });

  it('keeps no copy of the encrypted CPR number it read off the consent topic', async () => {
    const { rows } = await db.pool.query<{ row: string }>('SELECT row_to_json(k)::text AS row FROM known_patients k');
    expect(rows.map((r) => r.row).join()).toContain(patientId);
    expect(rows.map((r) => r.row).join()).not.toContain(cprEnvelope.ct);
  });

  it('names an unknown patient and an unknown version together; bad bodies list every problem', async () => {
    const missing = await order(randomUUID(), `${PAIN_NRS}|9.9.9`);
    expect(missing.status).toBe(404);
    expect((missing.body.errors as { location: string }[]).map((e) => e.location)).toEqual(['patientId', 'questionnaire']);
    const bad = await requestAs<{ errors: unknown[] }>(clinician, 'POST', `${base}/dispatches`, { patientId: 'x', unitSor: '12', questionnaire: PAIN_NRS, expiresInDays: 0 });
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toHaveLength(4);
  });
});
