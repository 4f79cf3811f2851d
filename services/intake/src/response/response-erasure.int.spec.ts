/**
 * Crypto-shredding of the patient's free text in intake, in-process against the real Postgres (a scratch
 * database) and Kafka: what the patient typed is stored and published only as envelopes under the patient's key
 * in intake's own key store, reads back in clear for the clinician, and after PatientErased (on the consent
 * topic, as the consent service publishes it) reads as erased while every event row stays byte-identical and
 * its hash chain verifies. Uses intake's own consumer groups, so no other intake may share the broker meanwhile.
 */
import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import type { Producer } from 'kafkajs';
import type { TokenClaims } from '@hub/auth';
import { TOPICS, type EventType } from '@hub/contracts';
import { readStream, verifyStreamChain } from '@hub/event-store';
import { connectProducer, createKafka, silentLogger } from '@hub/messaging';
import { runService } from '@hub/service-kit';
import { isEncryptedField, isErasedField } from '@hub/subject-keys';
import { createScratchDatabase, eventually, readAllMessages, requestAs, requireEnv, useTestAuth, type ScratchDatabase } from '@hub/testing';
import { IntakeModule } from '../intake.module';
import { ResponseCommands } from './response.commands';

jest.setTimeout(90_000);

const brokers = () => requireEnv('KAFKA_BROKERS').split(',');
const patientId = randomUUID();
const UNIT = '223456789';
const patient: TokenClaims = { role: 'patient', org: UNIT, patient: patientId };
const clinician: TokenClaims = { role: 'clinician', org: UNIT, sub: 'nurse-2' };
const now = new Date();
const QUESTIONNAIRE = { url: 'http://pro-hub.dk/fhir/Questionnaire/erasure-test', version: `1.0.${now.getTime()}` };
/** Free text in a top-level answer and in a nested group's answer: where a dot path cannot reach. */
const TYPED = ['Jens Hansen, Nørregade 14, 8000 Aarhus C', 'ring til min datter på 20 30 40 50'];
const questionnaire = {
  resourceType: 'Questionnaire',
  ...QUESTIONNAIRE,
  status: 'active',
  item: [
    { linkId: 'pain', text: 'Smerte 0-10', type: 'integer' },
    { linkId: 'comment', text: 'Andet?', type: 'text' },
    { linkId: 'contact', text: 'Kontakt', type: 'group', item: [{ linkId: 'contact-note', text: 'Hvem?', type: 'string' }] },
  ],
};
const answers = (pain: number) => [
  { linkId: 'pain', answer: [{ valueInteger: pain }] },
  { linkId: 'comment', answer: [{ valueString: TYPED[0] }] },
  { linkId: 'contact', item: [{ linkId: 'contact-note', answer: [{ valueString: TYPED[1] }] }] },
];

let db: ScratchDatabase;
let app: INestApplication;
let base: string;
let producer: Producer;
let dispatchId: string;
let responseId: string;

type Item = { linkId: string; answer?: Record<string, unknown>[]; item?: Item[] };
type Fhir = { id: string; item: Item[] };

async function publish(topic: string, type: EventType, key: string, data: object): Promise<void> {
  await producer.send({ topic, messages: [{ key, value: JSON.stringify(data), headers: { 'event-id': randomUUID(), 'event-type': type, 'schema-version': '1' } }] });
}

const body = (pain: number) => ({
  resourceType: 'QuestionnaireResponse',
  questionnaire: `${QUESTIONNAIRE.url}|${QUESTIONNAIRE.version}`,
  status: 'completed',
  subject: { reference: `Patient/${patientId}` },
  basedOn: [{ reference: `ServiceRequest/${dispatchId}` }],
  identifier: { system: 'urn:pro-hub:test', value: `erasure-${patientId}` },
  authored: now.toISOString(),
  item: answers(pain),
});
const post = (pain: number) => requestAs<Fhir>(patient, 'POST', `${base}/fhir/QuestionnaireResponse`, body(pain), { 'content-type': 'application/fhir+json' });
const rawRows = async () => (await db.pool.query<{ data: string; hash: Buffer }>('SELECT data::text AS data, hash FROM events WHERE stream_id = $1 ORDER BY stream_version', [`response-${responseId}`])).rows;
const freeTextOf = (r: Fhir) => [r.item[1].answer![0].valueString, r.item[2].item![0].answer![0].valueString];

/** Every row of every table in intake's database that holds any of the typed text: none, ever. */
async function tablesHoldingTypedText(): Promise<string[]> {
  const { rows } = await db.pool.query<{ table_name: string }>("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'");
  const found: string[] = [];
  for (const { table_name } of rows) {
    const hits = await db.pool.query(`SELECT 1 FROM "${table_name}" t WHERE t::text LIKE ANY($1) LIMIT 1`, [TYPED.map((t) => `%${t.slice(0, 12)}%`)]);
    if ((hits.rowCount ?? 0) > 0) found.push(table_name);
  }
  return found;
}

beforeAll(async () => {
  await useTestAuth();
  db = await createScratchDatabase('intake_erasure');
  Object.assign(process.env, { DATABASE_URL: db.url, PORT: '0', LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' });
  app = await runService({ name: 'intake', title: 'PRO hub: intake', module: IntakeModule });
  base = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  producer = await connectProducer(createKafka('intake-erasure-int', brokers(), silentLogger));
  await publish(TOPICS.questionnaireBank, 'QuestionnairePublished', `questionnaire-${QUESTIONNAIRE.url}|${QUESTIONNAIRE.version}`, { ...QUESTIONNAIRE, questionnaire, publishedAt: now.toISOString() });
  dispatchId = randomUUID();
  const expiresAt = new Date(now.getTime() + 14 * 24 * 3600 * 1000).toISOString();
  await publish(TOPICS.dispatch, 'QuestionnaireDispatched', `dispatch-${dispatchId}`, { dispatchId, patientId, unitSor: UNIT, questionnaire: QUESTIONNAIRE, dispatchedAt: now.toISOString(), expiresAt });
  const validFrom = new Date(now.getTime() - 24 * 3600 * 1000).toISOString();
  await publish(TOPICS.consent, 'CareRelationshipStarted', `care-relationships-${patientId}`, { relationshipId: randomUUID(), patientId, unitSor: UNIT, sector: 'hospital', pathway: 'pain', validFrom, recordedAt: validFrom });
  await eventually(async () => (await db.pool.query('SELECT 1 FROM dispatches WHERE dispatch_id = $1', [dispatchId])).rowCount ?? 0, (n) => n === 1, 30_000, 'intake to learn our dispatch');
  await eventually(async () => (await db.pool.query('SELECT 1 FROM patient_access_events WHERE patient_id = $1', [patientId])).rowCount ?? 0, (n) => n >= 1, 30_000, 'intake to learn our care relationship');
});

afterAll(async () => {
  await producer?.disconnect();
  await app?.close();
  await db?.drop();
});

describe('the patient’s free text, crypto-shredded', () => {
  it('is stored and published only as envelopes, with coded and numeric answers in clear', async () => {
    const created = await eventually(() => post(3), (r) => r.status === 201, 30_000, 'intake to accept the response');
    responseId = created.body.id;
    expect(freeTextOf(created.body)).toEqual(TYPED);

    const rows = await rawRows();
    expect(rows).toHaveLength(1);
    for (const text of TYPED) expect(rows[0].data).not.toContain(text.slice(0, 12));
    const stored = JSON.parse(rows[0].data) as { patientId: string; response: Fhir };
    expect(freeTextOf(stored.response).every(isEncryptedField)).toBe(true);
    expect(stored.response.item[0]).toEqual({ linkId: 'pain', answer: [{ valueInteger: 3 }] });
    expect(stored.patientId).toBe(patientId);
    expect(await tablesHoldingTypedText()).toEqual([]);

    const [event] = await readStream(db.pool, `response-${responseId}`);
    const published = await eventually(async () => (await readAllMessages(brokers(), [TOPICS.intake])).filter((m) => m.headers['event-id'] === event.eventId), (ms) => ms.length >= 1, 30_000, 'the response on the intake topic');
    for (const text of TYPED) expect(published[0].value).not.toContain(text.slice(0, 12));
  });

  it('reads back in clear for the clinician, and a repeated submission is still recognised as the same', async () => {
    const read = await requestAs<Fhir>(clinician, 'GET', `${base}/fhir/QuestionnaireResponse/${responseId}`);
    expect(read.status).toBe(200);
    expect(freeTextOf(read.body)).toEqual(TYPED);
    const again = await post(3);
    expect(again.status).toBe(200);
    expect(await rawRows()).toHaveLength(1);
  });

  it('after PatientErased reads as erased, while the events stay byte-identical and their chain verifies', async () => {
    const amended = await requestAs<Fhir>(patient, 'PUT', `${base}/fhir/QuestionnaireResponse/${responseId}`, { ...body(5), status: 'amended' });
    expect(amended.status).toBe(200);
    const before = await rawRows();
    expect(before).toHaveLength(2);

    const erasedAt = new Date().toISOString();
    await publish(TOPICS.consent, 'PatientErased', `patient-${patientId}`, { patientId, reason: 'patient-request', erasedAt });
    await eventually(async () => (await db.pool.query('SELECT 1 FROM subject_erasures WHERE subject_id = $1', [patientId])).rowCount ?? 0, (n) => n === 1, 30_000, 'intake to erase the patient’s keys');
    expect((await db.pool.query('SELECT 1 FROM subject_keys WHERE subject_id = $1', [patientId])).rowCount).toBe(0);

    expect(await rawRows()).toEqual(before);
    const stream = await readStream(db.pool, `response-${responseId}`);
    expect(verifyStreamChain(stream.map((e) => ({ ...e, recordedAt: e.recordedAt.toISOString(), position: String(e.globalPosition) })))).toBeUndefined();

    const read = (await app.get(ResponseCommands).read(responseId)) as unknown as Fhir;
    expect(freeTextOf(read).every(isErasedField)).toBe(true);
    expect(read.item[0]).toEqual({ linkId: 'pain', answer: [{ valueInteger: 5 }] });
    expect(await tablesHoldingTypedText()).toEqual([]);
    expect((await requestAs(clinician, 'GET', `${base}/fhir/QuestionnaireResponse/${responseId}`)).status).toBe(403);
  });
});
