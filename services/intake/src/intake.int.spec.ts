/**
 * The intake service in-process against the real Postgres (a scratch database) and the real Kafka broker: it
 * learns questionnaire versions, packages, retirements and dispatches from their topics (published here as the
 * dispatch service's relay would), then judges, scores and stores responses. Reads pass the access decision, so
 * the unit's care relationship arrives on the consent topic too (as the consent service's relay would publish it).
 * The consumer groups are the service's own (`intake-references`, `intake-consent`), so no other intake may
 * share the broker while this runs.
 */
import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import type { Producer } from 'kafkajs';
import type { TokenClaims } from '@hub/auth';
import { TOPICS, type EventType } from '@hub/contracts';
import { connectProducer, createKafka, silentLogger } from '@hub/messaging';
import { instrumentById } from '@hub/pro-packages';
import { numbered, responseTo } from '@hub/pro-packages/testing';
import { runService } from '@hub/service-kit';
import { createScratchDatabase, eventually, readAllMessages, requestAs, requireEnv, useTestAuth, type ScratchDatabase } from '@hub/testing';
import { IntakeModule } from './intake.module';

jest.setTimeout(90_000);

const brokers = () => requireEnv('KAFKA_BROKERS').split(',');
const phq9 = instrumentById('phq-9');
const esas = instrumentById('esas-r');
const patientId = randomUUID();
const UNIT = '123456789';
const patient: TokenClaims = { role: 'patient', org: UNIT, patient: patientId };
const clinician: TokenClaims = { role: 'clinician', org: UNIT, sub: 'nurse-1' };
/** PHQ-9 under a version no PRO package scores: its answers are accepted unscored. */
const unscored = { ...phq9, questionnaire: { ...phq9.questionnaire, version: '0.9.0' } };
const now = new Date();
const day = 24 * 3600 * 1000;
let db: ScratchDatabase;
let app: INestApplication;
let base: string;
let producer: Producer;

type Outcome = { resourceType: string; issue: { severity: string; code: string; diagnostics: string }[] };
type Fhir = Record<string, unknown> & { id: string; meta: { versionId: string }; status: string; contained?: Record<string, unknown>[]; extension?: { url: string; extension: { url: string; valueCode?: string; valueString?: string }[] }[] };

async function publish(topic: string, type: EventType, key: string, data: object): Promise<void> {
  await producer.send({ topic, messages: [{ key, value: JSON.stringify(data), headers: { 'event-id': randomUUID(), 'event-type': type, 'schema-version': '1' } }] });
}

async function publishInstrument(instrument: typeof phq9): Promise<void> {
  const { url, version } = instrument.questionnaire;
  await publish(TOPICS.questionnaireBank, 'QuestionnairePublished', `questionnaire-${url}|${version}`, { url, version, questionnaire: instrument.questionnaire, publishedAt: now.toISOString() });
  const pkg = instrument.package;
  await publish(TOPICS.questionnaireBank, 'ProPackagePublished', `pro-package-${pkg.id}|${pkg.version}`, { packageId: pkg.id, version: pkg.version, questionnaire: pkg.questionnaire, package: pkg, publishedAt: now.toISOString() });
}

/** The unit's care relationship with the patient, as the consent service publishes it: what lets the clinician read. */
async function startCare(): Promise<void> {
  const at = new Date(now.getTime() - 30 * day).toISOString();
  const data = { relationshipId: randomUUID(), patientId, unitSor: UNIT, sector: 'hospital', pathway: 'depression', validFrom: at, recordedAt: at };
  await publish(TOPICS.consent, 'CareRelationshipStarted', `care-relationships-${patientId}`, data);
}

async function dispatch(instrument: typeof phq9, expiresAt = new Date(now.getTime() + 14 * day)): Promise<string> {
  const dispatchId = randomUUID();
  const { url, version } = instrument.questionnaire;
  const data = { dispatchId, patientId, unitSor: UNIT, questionnaire: { url, version }, dispatchedAt: now.toISOString(), expiresAt: expiresAt.toISOString() };
  await publish(TOPICS.dispatch, 'QuestionnaireDispatched', `dispatch-${dispatchId}`, data);
  return dispatchId;
}

const links = (dispatchId: string, value: string = randomUUID()) => ({
  subject: { reference: `Patient/${patientId}` },
  basedOn: [{ reference: `ServiceRequest/${dispatchId}` }],
  identifier: { system: 'urn:pro-hub:test', value },
  authored: now.toISOString(),
});
const post = <T = Fhir>(body: unknown, actor: TokenClaims = patient) => requestAs<T>(actor, 'POST', `${base}/fhir/QuestionnaireResponse`, body, { 'content-type': 'application/fhir+json' });
const read = (id: string) => requestAs<Fhir>(clinician, 'GET', `${base}/fhir/QuestionnaireResponse/${id}`);
const eventCount = async () => (await db.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM events')).rows[0].n;
const known = async (table: string, n: number) => eventually(async () => (await db.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`)).rows[0].n, (c) => c >= n, 30_000, `intake to learn ${table}`);

let phqDispatch: string;
let expiredDispatch: string;
let esasDispatch: string;
const worklistDispatches: Record<'yellow1' | 'red' | 'yellow2' | 'unscored', string> = { yellow1: '', red: '', yellow2: '', unscored: '' };

beforeAll(async () => {
  await useTestAuth();
  db = await createScratchDatabase('intake');
  Object.assign(process.env, { DATABASE_URL: db.url, PORT: '0', LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' });
  app = await runService({ name: 'intake', title: 'PRO hub: intake', module: IntakeModule });
  base = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  producer = await connectProducer(createKafka('intake-int', brokers(), silentLogger));
  await publishInstrument(phq9);
  await publishInstrument(esas);
  phqDispatch = await dispatch(phq9);
  expiredDispatch = await dispatch(phq9, new Date(now.getTime() - day));
  esasDispatch = await dispatch(esas);
  const { url, version } = unscored.questionnaire;
  await publish(TOPICS.questionnaireBank, 'QuestionnairePublished', `questionnaire-${url}|${version}`, { url, version, questionnaire: unscored.questionnaire, publishedAt: now.toISOString() });
  for (const key of ['yellow1', 'red', 'yellow2'] as const) worklistDispatches[key] = await dispatch(phq9);
  worklistDispatches.unscored = await dispatch(unscored);
  await startCare();
  await known('pro_packages', 2);
  await known('questionnaires', 3);
  // Ours by id: the topic also holds other runs' dispatches, which would satisfy a bare count early.
  const ours = [phqDispatch, expiredDispatch, esasDispatch, ...Object.values(worklistDispatches)];
  await eventually(async () => (await db.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM dispatches WHERE dispatch_id = ANY($1)', [ours])).rows[0].n, (c) => c === ours.length, 30_000, 'intake to learn our dispatches');
  await eventually(async () => (await db.pool.query('SELECT 1 FROM patient_access_events WHERE patient_id = $1', [patientId])).rowCount ?? 0, (n) => n >= 1, 30_000, 'intake to learn our care relationship');
});

afterAll(async () => {
  await producer?.disconnect();
  await app?.close();
  await db?.drop();
});

describe('a valid response', () => {
  const body = () => responseTo(phq9, numbered('phq9', [2, 2, 2, 2, 2, 0, 0, 0, 0]), links(phqDispatch, 'phq-1'));
  let id: string;

  it('is accepted (201) with its score as a contained Observation and its triage as an extension', async () => {
    const created = await post(body());
    expect(created.status).toBe(201);
    id = created.body.id;
    expect(created.body.contained).toEqual([expect.objectContaining({ resourceType: 'Observation', valueInteger: 10, interpretation: [{ coding: [expect.objectContaining({ code: 'moderate' })] }] })]);
    const triage = created.body.extension!.find((e) => e.url === 'http://pro-hub.dk/fhir/StructureDefinition/triage')!;
    expect(triage.extension).toEqual(expect.arrayContaining([{ url: 'colour', valueCode: 'yellow' }, { url: 'package', valueString: 'phq-9|1.0.0' }]));
    expect((await read(id)).body).toEqual(created.body);
  });

  it('is idempotent by identifier: the same submission again is 200 and stores nothing', async () => {
    const before = await eventCount();
    const again = await post(body());
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(id);
    expect(await eventCount()).toBe(before);
  });

  it('an amendment (PUT, status amended) is a new version with new scores; the first stays in the stream', async () => {
    const amended = await requestAs<Fhir>(patient, 'PUT', `${base}/fhir/QuestionnaireResponse/${id}`, { ...responseTo(phq9, numbered('phq9', [3, 3, 3, 3, 3, 0, 0, 0, 1]), links(phqDispatch, 'phq-1')), status: 'amended' });
    expect(amended.status).toBe(200);
    expect(amended.body).toMatchObject({ status: 'amended', meta: { versionId: '2' }, contained: [expect.objectContaining({ valueInteger: 16, status: 'amended' })] });
    const { rows } = await db.pool.query<{ type: string }>('SELECT type FROM events WHERE stream_id = $1 ORDER BY stream_version', [`response-${id}`]);
    expect(rows.map((r) => r.type)).toEqual(['QuestionnaireResponseAccepted', 'QuestionnaireResponseScored', 'QuestionnaireResponseAmended', 'QuestionnaireResponseScored']);
  });

  it('entered-in-error is one more event; the read shows the status and no scores', async () => {
    const marked = await post({ ...body(), status: 'entered-in-error' });
    expect(marked.status).toBe(200);
    const current = await read(id);
    expect(current.body).toMatchObject({ status: 'entered-in-error', meta: { versionId: '3' } });
    expect(current.body.contained).toBeUndefined();
  });

  it('publishes the scores on the treatment intake topic, with the package version and no free text', async () => {
    const { rows } = await db.pool.query<{ event_id: string }>("SELECT event_id FROM events WHERE type = 'QuestionnaireResponseScored' AND stream_id = $1", [`response-${id}`]);
    const ids = new Set(rows.map((r) => r.event_id));
    const ours = await eventually(async () => (await readAllMessages(brokers(), [TOPICS.intake])).filter((m) => ids.has(m.headers['event-id'])), (f) => f.length === 2, 30_000, 'scores on the intake topic');
    expect(JSON.parse(ours[0].value)).toMatchObject({ package: { id: 'phq-9', version: '1.0.0' }, triage: { colour: expect.any(String) } });
  });
});

describe('flags', () => {
  it('accepts a late answer after expiry, from a relative, and flags both', async () => {
    const body = { ...responseTo(phq9, numbered('phq9', [0, 0, 0, 0, 0, 0, 0, 0, 0]), links(expiredDispatch)), source: { reference: `RelatedPerson/${randomUUID()}` } };
    const created = await post(body);
    expect(created.status).toBe(201);
    const { rows } = await db.pool.query<{ data: Record<string, unknown> }>("SELECT data FROM events WHERE type = 'QuestionnaireResponseAccepted' AND stream_id = $1", [`response-${created.body.id}`]);
    expect(rows[0].data).toMatchObject({ late: true, proxy: true, paper: false });
  });
});

describe('bad input: a clear OperationOutcome and nothing stored', () => {
  it('lists every problem with the answers at once', async () => {
    const before = await eventCount();
    const body = responseTo(phq9, numbered('phq9', [0, 0, 0, 0, 0, 0, 0, 0, 0]), links(phqDispatch));
    const items = body.item as { linkId: string; answer: unknown[] }[];
    items[0].answer = [{ valueString: 'often' }];
    items.splice(1, 1); // phq9-2 is required
    const refused = await post<Outcome>(body);
    expect(refused.status).toBe(422);
    expect(refused.body.issue.filter((i) => i.severity === 'error').map((i) => i.code).sort()).toEqual(['required', 'value']);
    expect(await eventCount()).toBe(before);
  });

  it('refuses an answer to a dispatch of another patient, without naming that patient', async () => {
    const body = { ...responseTo(phq9, numbered('phq9', [0, 0, 0, 0, 0, 0, 0, 0, 0]), links(phqDispatch)), subject: { reference: `Patient/${randomUUID()}` } };
    // Entered by the clinician: a patient token naming another subject is refused (403) before the dispatch is looked at.
    const refused = await post<Outcome>(body, clinician);
    expect(refused.status).toBe(422);
    expect(refused.body.issue).toEqual([expect.objectContaining({ code: 'business-rule', diagnostics: 'the dispatch belongs to another patient' })]);
    expect(JSON.stringify(refused.body)).not.toContain(patientId);
  });

  it('refuses an unknown questionnaire version', async () => {
    const refused = await post<Outcome>({ ...responseTo(phq9, numbered('phq9', [0, 0, 0, 0, 0, 0, 0, 0, 0]), links(phqDispatch)), questionnaire: `${phq9.questionnaire.url}|9.9.9` });
    expect(refused.status).toBe(422);
    expect(refused.body.issue.map((i) => i.code)).toEqual(['business-rule', 'not-found']);
  });

  it('refuses responses to a retired version once the retirement arrives', async () => {
    const { url, version } = esas.questionnaire;
    await publish(TOPICS.questionnaireBank, 'QuestionnaireRetired', `questionnaire-${url}|${version}`, { url, version, retiredAt: now.toISOString() });
    await eventually(async () => (await db.pool.query("SELECT 1 FROM questionnaires WHERE retired")).rowCount ?? 0, (n) => n > 0, 30_000, 'intake to learn the retirement');
    const answers = Object.fromEntries(['pain', 'tiredness', 'drowsiness', 'nausea', 'appetite', 'breath', 'depression', 'anxiety', 'wellbeing'].map((k) => [`esas-${k}`, 1]));
    const refused = await post<Outcome>(responseTo(esas, answers, links(esasDispatch)));
    expect(refused.status).toBe(422);
    expect(refused.body.issue).toEqual([expect.objectContaining({ diagnostics: expect.stringContaining('is retired') })]);
  });

  it('refuses an oversized payload with 413 and an OperationOutcome', async () => {
    const body = { ...responseTo(phq9, numbered('phq9', [0, 0, 0, 0, 0, 0, 0, 0, 0]), links(phqDispatch)), text: { status: 'generated', div: 'x'.repeat(600 * 1024) } };
    const refused = await post<Outcome>(body);
    expect(refused.status).toBe(413);
    expect(refused.body).toMatchObject({ resourceType: 'OperationOutcome', issue: [{ code: 'too-costly' }] });
  });
});

describe('the clinician worklist', () => {
  type Worklist = { unitSor: string; entries: { patientId: string; responseIds: string[]; responses: { responseId: string; triage: string; receivedAt: string }[]; flagged: boolean }[] };
  const pause = () => new Promise((r) => setTimeout(r, 20)); // distinct receivedAt, so "oldest first" is observable

  it('lists the unit’s answers red first, then yellow, unscored, green, oldest first within a colour, without entered-in-error ones', async () => {
    const answer = async (key: keyof typeof worklistDispatches, instrument: typeof phq9, codes: number[]) => {
      const created = await post(responseTo(instrument, numbered('phq9', codes), links(worklistDispatches[key])));
      expect(created.status).toBe(201);
      await pause();
      return created.body.id;
    };
    const yellow1 = await answer('yellow1', phq9, [2, 2, 2, 2, 2, 0, 0, 0, 0]);
    const red = await answer('red', phq9, [0, 0, 0, 0, 0, 0, 0, 0, 2]);
    const yellow2 = await answer('yellow2', phq9, [2, 2, 2, 2, 2, 0, 0, 0, 0]);
    const notScored = await answer('unscored', unscored, [1, 1, 1, 1, 1, 1, 1, 1, 0]);
    const { rows } = await db.pool.query<{ id: string; type: string }>(
      "SELECT data->>'responseId' AS id, type FROM events WHERE type IN ('QuestionnaireResponseAccepted', 'QuestionnaireResponseEnteredInError') AND data->>'patientId' = $1 ORDER BY global_position",
      [patientId],
    );
    const inError = rows.filter((r) => r.type === 'QuestionnaireResponseEnteredInError').map((r) => r.id);
    const green = rows.filter((r) => r.type === 'QuestionnaireResponseAccepted' && !inError.includes(r.id) && ![yellow1, red, yellow2, notScored].includes(r.id)).map((r) => r.id);
    expect(inError).toHaveLength(1);
    expect(green).toHaveLength(1); // the late all-zero answer from 'flags'

    const worklist = await requestAs<Worklist>(clinician, 'GET', `${base}/worklist`);
    expect(worklist.status).toBe(200);
    expect(worklist.body.unitSor).toBe(UNIT);
    expect(worklist.body.entries).toHaveLength(1);
    const [entry] = worklist.body.entries;
    expect(entry).toMatchObject({ patientId, flagged: false, responseIds: [red, yellow1, yellow2, notScored, green[0]] });
    expect(entry.responses.map((r) => r.triage)).toEqual(['red', 'yellow', 'yellow', 'not-scored', 'green']);
    expect(Date.parse(entry.responses[1].receivedAt)).toBeLessThan(Date.parse(entry.responses[2].receivedAt));
    expect(entry.responseIds).not.toContain(inError[0]);
  });

  it('is for clinicians only; another unit sees none of these answers', async () => {
    expect((await requestAs(patient, 'GET', `${base}/worklist`)).status).toBe(403);
    const stranger = await requestAs<Worklist>({ role: 'clinician', org: '987654321' }, 'GET', `${base}/worklist`);
    expect(stranger.body.entries).toEqual([]);
  });
});
