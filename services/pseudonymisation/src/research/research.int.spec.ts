/**
 * The research door in-process against the real Postgres (a scratch database) and the real Kafka broker.
 * Projects, consents and erasures arrive on the consent topic and responses on the intake topic, published
 * here as the consent and intake relays would; the project topics are read back as a project would read them.
 * Consumer groups are the service's own, so no other pseudonymisation service may share the broker meanwhile.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { ConfigResourceTypes, type Producer } from 'kafkajs';
import { Client } from 'pg';
import type { TokenClaims } from '@hub/auth';
import { TOPICS, researchTopicOf, type EventType, type ResearchRecordReleased, type ResearchRecordsRetracted, type ResearchScoresReleased } from '@hub/contracts';
import { connectProducer, createKafka, findCprLike, silentLogger } from '@hub/messaging';
import { runService } from '@hub/service-kit';
import { createScratchDatabase, eventually, readAllMessages, requestAs, requireEnv, useTestAuth, type ReadMessage, type ScratchDatabase } from '@hub/testing';
import { recordBirthDate, recordOrganisation } from '../facts/patient-facts';
import { pseudonymisationModule } from '../pseudonymisation.module';
import { readerRoleOf, readSchemaOf } from './research-read-model';

jest.setTimeout(120_000);

const brokers = () => requireEnv('KAFKA_BROKERS').split(',');
const run = randomUUID().slice(0, 8);
const KNEE = `knee-${run}`;
const HIP = `hip-${run}`;
const UNIT = '123456789012345';
const [P, Q, R] = [randomUUID(), randomUUID(), randomUUID()];
/** The server's admin URL, kept before DATABASE_URL is pointed at the scratch database for the service. */
const adminUrl = requireEnv('DATABASE_URL');
const admin: TokenClaims = { role: 'administrator', org: UNIT, sub: 'admin-1' };
let db: ScratchDatabase;
let app: INestApplication;
let base: string;
let producer: Producer;

type Released = { type: EventType; key: string | null; data: ResearchRecordReleased & ResearchScoresReleased & ResearchRecordsRetracted; raw: ReadMessage };

async function publish(topic: string, type: EventType, key: string, data: object): Promise<void> {
  await producer.send({ topic, messages: [{ key, value: JSON.stringify(data), headers: { 'event-id': randomUUID(), 'event-type': type, 'schema-version': '1' } }] });
}

const consent = (type: 'ConsentGranted' | 'ConsentWithdrawn', patientId: string, projectId: string | undefined) =>
  publish(TOPICS.consent, type, `patient-${patientId}`, {
    patientId,
    purpose: 'research',
    ...(projectId ? { projectId } : {}),
    ...(type === 'ConsentGranted' ? { textVersion: '1.0', grantedAt: new Date().toISOString() } : { withdrawnAt: new Date().toISOString() }),
  });

/** An accepted response (and its scores); `key` puts messages on one partition when their order matters. */
async function answer(patientId: string, score?: number, options: { receivedAt?: string; key?: string } = {}): Promise<string> {
  const responseId = randomUUID();
  const common = { responseId, dispatchId: randomUUID(), patientId, unitSor: UNIT, questionnaire: { url: 'http://pro-hub.dk/q/phq-9', version: '1.0.0' } };
  await publish(TOPICS.intake, 'QuestionnaireResponseAccepted', options.key ?? `response-${responseId}`, {
    ...common,
    authored: options.receivedAt ?? new Date().toISOString(),
    receivedAt: options.receivedAt ?? new Date().toISOString(),
    late: false,
    response: { resourceType: 'QuestionnaireResponse', item: [{ linkId: 'q1', answer: [{ valueInteger: 3 }] }, { linkId: 'note', answer: [{ valueString: `call me, ${UNIT}` }] }] },
  });
  if (score !== undefined) {
    await publish(TOPICS.intake, 'QuestionnaireResponseScored', `response-${responseId}`, {
      ...common,
      responseVersion: 1,
      package: { id: 'phq-9', version: '1.0.0' },
      scores: [{ name: 'total', value: score, band: { code: 'mild', display: 'Mild' } }],
      notComputed: [],
      triage: { colour: 'green', reasons: [] },
      scoredAt: new Date().toISOString(),
    });
  }
  return responseId;
}

async function projectTopic(projectId: string): Promise<Released[]> {
  const messages = await readAllMessages(brokers(), [researchTopicOf(projectId)]);
  // Delivery is at least once: a project reads each event id once, as consumers do.
  const ids = new Set<string>();
  const unique = messages.filter((m) => !ids.has(m.headers['event-id']) && ids.add(m.headers['event-id']));
  return unique.map((m) => ({ type: m.headers['event-type'] as EventType, key: m.key, data: JSON.parse(m.value), raw: m }));
}

const until = (projectId: string, done: (events: Released[]) => boolean, what: string) => eventually(() => projectTopic(projectId), done, 30_000, what);
const count = async (sql: string, params: unknown[] = []) => (await db.pool.query<{ n: number }>(sql, params)).rows[0].n;
const recordsOf = (events: Released[], type: EventType) => events.filter((e) => e.type === type);

/** Connects as a project's reader role (given a login and password here, as an operator would). */
async function asReader(projectId: string): Promise<Client> {
  const role = readerRoleOf(projectId);
  const password = randomBytes(12).toString('hex');
  await db.pool.query(`ALTER ROLE ${role} LOGIN PASSWORD '${password}'`);
  const url = new URL(db.url);
  url.username = role;
  url.password = password;
  const client = new Client({ connectionString: url.toString() });
  await client.connect();
  return client;
}

beforeAll(async () => {
  await useTestAuth();
  db = await createScratchDatabase('research');
  Object.assign(process.env, { DATABASE_URL: db.url, PORT: '0', LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' });
  app = await runService({ name: 'pseudonymisation', title: 'PRO hub: pseudonymisation', module: pseudonymisationModule({ current: { version: 1, secret: randomBytes(32) }, retired: [] }) });
  base = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  producer = await connectProducer(createKafka('research-int', brokers(), silentLogger));
  await recordOrganisation(db.pool, UNIT, { sector: 'hospital', region: 'Region Midtjylland' });
  await recordBirthDate(db.pool, P, '1960-05-05');
  for (const projectId of [KNEE, HIP]) {
    await publish(TOPICS.consent, 'ResearchProjectRegistered', `research-project-${projectId}`, { projectId, title: projectId, consentTextVersions: ['1.0'], registeredAt: new Date().toISOString() });
  }
  await eventually(() => count('SELECT count(*)::int AS n FROM research_projects WHERE project_id = ANY($1)', [[KNEE, HIP]]), (n) => n === 2, 30_000, 'both projects');
  await consent('ConsentGranted', P, KNEE);
  await consent('ConsentGranted', P, HIP);
  await consent('ConsentGranted', Q, KNEE);
  await eventually(() => count('SELECT count(*)::int AS n FROM research_consents WHERE patient_id = ANY($1)', [[P, Q]]), (n) => n === 3, 30_000, 'three consents');
});

afterAll(async () => {
  await producer?.disconnect();
  await app?.close();
  const roles = db ? (await db.pool.query<{ reader_role: string | null }>('SELECT reader_role FROM research_projects').catch(() => ({ rows: [] }))).rows : [];
  await db?.drop();
  // Roles are cluster-wide: with the database gone they hold no grants, so they can go too.
  const a = new Client({ connectionString: adminUrl });
  await a.connect();
  for (const { reader_role } of roles) if (reader_role) await a.query(`DROP ROLE IF EXISTS ${reader_role}`).catch(() => undefined);
  await a.end();
});

describe('project registration', () => {
  it('creates the project topic with the template settings, not left to the broker', async () => {
    const kafkaAdmin = createKafka('research-int-admin', brokers(), silentLogger).admin();
    await kafkaAdmin.connect();
    const names = [researchTopicOf(HIP), researchTopicOf(KNEE)];
    const { topics } = await kafkaAdmin.fetchTopicMetadata({ topics: names });
    const { resources } = await kafkaAdmin.describeConfigs({ includeSynonyms: false, resources: names.map((name) => ({ type: ConfigResourceTypes.TOPIC, name })) });
    await kafkaAdmin.disconnect();
    expect(topics.map((t) => [t.name, t.partitions.length]).sort()).toEqual(names.map((n) => [n, 3]));
    for (const r of resources) {
      const config = Object.fromEntries(r.configEntries.map((c) => [c.configName, c.configValue]));
      expect({ topic: r.resourceName, retention: config['retention.ms'], cleanup: config['cleanup.policy'] }).toEqual({ topic: r.resourceName, retention: '-1', cleanup: 'delete' });
    }
  });
});

/** Each patient's pseudonym per project, learnt from the topics as a project would see them. */
const seen = { pKnee: '', qKnee: '', pHip: '' };
let hipResponses: string[] = [];

describe('releases', () => {
  let released: { knee: Released[]; hip: Released[] };

  beforeAll(async () => {
    hipResponses = [await answer(P, 7)];
    await answer(Q);
    await answer(R);
    const knee = await until(KNEE, (e) => recordsOf(e, 'ResearchRecordReleased').length >= 2 && recordsOf(e, 'ResearchScoresReleased').length >= 1, 'knee records and scores');
    const hip = await until(HIP, (e) => recordsOf(e, 'ResearchRecordReleased').length >= 1 && recordsOf(e, 'ResearchScoresReleased').length >= 1, 'hip record and scores');
    released = { knee, hip };
    // P answered with a score, Q without: that tells their knee records apart.
    seen.pKnee = recordsOf(knee, 'ResearchScoresReleased')[0].data.pseudonym;
    seen.qKnee = recordsOf(knee, 'ResearchRecordReleased').find((e) => e.data.pseudonym !== seen.pKnee)!.data.pseudonym;
    seen.pHip = recordsOf(hip, 'ResearchRecordReleased')[0].data.pseudonym;
  });

  it('go to each project the patient consented to, and to no other', () => {
    expect(recordsOf(released.knee, 'ResearchRecordReleased')).toHaveLength(2);
    expect(recordsOf(released.hip, 'ResearchRecordReleased')).toHaveLength(1);
  });

  it('carry region, sector, age band and day, never the unit, the patient id or free text', () => {
    const [hipRecord] = recordsOf(released.hip, 'ResearchRecordReleased');
    expect(hipRecord.data).toMatchObject({ projectId: HIP, unit: { sector: 'hospital', region: 'Region Midtjylland' }, ageBand: '60-69', answers: [{ linkId: 'q1', integer: 3 }] });
    expect(hipRecord.data.answeredOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    for (const e of [...released.knee, ...released.hip]) {
      expect(e.raw.value).not.toContain(UNIT);
      expect(e.raw.value).not.toContain('call me');
      for (const id of [P, Q, R]) expect(`${e.raw.value}${e.key}`).not.toContain(id);
      expect(findCprLike(e.data)).toBeUndefined();
    }
  });

  it('give the same patient unlinkable pseudonyms and references in two projects, keyed per patient stream', () => {
    expect([seen.pKnee, seen.qKnee]).not.toContain(seen.pHip);
    const pInHip = recordsOf(released.hip, 'ResearchRecordReleased')[0].data;
    expect(recordsOf(released.knee, 'ResearchRecordReleased').map((e) => e.data.recordRef)).not.toContain(pInHip.recordRef);
    for (const e of [...released.knee, ...released.hip]) expect(e.key).toBe(`research-${e.data.projectId}-${e.data.pseudonym}`);
  });

  it('send scores after their record, under the same record reference', () => {
    const [record] = recordsOf(released.hip, 'ResearchRecordReleased');
    const [scores] = recordsOf(released.hip, 'ResearchScoresReleased');
    expect(scores.data).toMatchObject({ recordRef: record.data.recordRef, pseudonym: seen.pHip, scores: [{ name: 'total', value: 7, band: 'mild' }] });
    expect(Number(scores.raw.offset)).toBeGreaterThan(Number(record.raw.offset));
  });
});

describe('consent for a project this service does not know', () => {
  it('is logged and counted, and releases nothing', async () => {
    await consent('ConsentGranted', R, `ghost-${run}`);
    await consent('ConsentGranted', R, `Not A Project ${run}`);
    const anomalies = await eventually(
      () => db.pool.query<{ problem: string }>('SELECT problem FROM research_consent_anomalies WHERE project_id = ANY($1)', [[`ghost-${run}`, `Not A Project ${run}`]]),
      (r) => r.rowCount === 2,
      30_000,
      'two anomalies',
    );
    expect(anomalies.rows.map((r) => r.problem).sort()).toEqual(['invalid-project-id', 'project-not-registered']);
    const stats = await requestAs<{ consentAnomalies: Record<string, number> }>(admin, 'GET', `${base}/research-projects/stats`);
    expect(stats.status).toBe(200);
    expect(stats.body.consentAnomalies['project-not-registered']).toBeGreaterThanOrEqual(1);
    expect(stats.body.consentAnomalies['invalid-project-id']).toBeGreaterThanOrEqual(1);
  });
});

describe('withdrawal', () => {
  it('retracts the patient records on the project topic within seconds, and stops further records there only', async () => {
    const started = Date.now();
    await consent('ConsentWithdrawn', P, KNEE);
    const after = await until(KNEE, (e) => recordsOf(e, 'ResearchRecordsRetracted').length >= 1, 'the retraction');
    expect(Date.now() - started).toBeLessThan(10_000);
    const [retraction] = recordsOf(after, 'ResearchRecordsRetracted');
    expect(retraction.data).toMatchObject({ projectId: KNEE, pseudonym: seen.pKnee, reason: 'consent-withdrawn' });
    expect(retraction.data).not.toHaveProperty('recordRef');
    expect(retraction.key).toBe(`research-${KNEE}-${seen.pKnee}`);
    expect(await count(`SELECT count(*)::int AS n FROM ${readSchemaOf(KNEE)}.records WHERE pseudonym = $1`, [seen.pKnee])).toBe(0);

    hipResponses.push(await answer(P));
    await until(HIP, (e) => recordsOf(e, 'ResearchRecordReleased').length >= 2, 'the second hip record');
    const knee = await projectTopic(KNEE);
    expect(recordsOf(knee, 'ResearchRecordReleased').filter((e) => e.data.pseudonym === seen.pKnee)).toHaveLength(1);
  });
});

describe('a response entered in error', () => {
  it('is retracted, that record only, from the projects that hold it', async () => {
    const responseId = hipResponses[1];
    await publish(TOPICS.intake, 'QuestionnaireResponseEnteredInError', `response-${responseId}`, {
      responseId, dispatchId: randomUUID(), patientId: P, unitSor: UNIT, questionnaire: { url: 'http://pro-hub.dk/q/phq-9', version: '1.0.0' }, markedAt: new Date().toISOString(),
    });
    const hip = await until(HIP, (e) => recordsOf(e, 'ResearchRecordsRetracted').length >= 1, 'the hip retraction');
    const [retraction] = recordsOf(hip, 'ResearchRecordsRetracted');
    const second = recordsOf(hip, 'ResearchRecordReleased')[1];
    expect(retraction.data).toMatchObject({ pseudonym: seen.pHip, reason: 'entered-in-error', recordRef: second.data.recordRef });
    expect(await count(`SELECT count(*)::int AS n FROM ${readSchemaOf(HIP)}.records`)).toBe(1);
  });
});

describe('erasure', () => {
  it('retracts in every project the patient was in and shreds the patient registry entries', async () => {
    expect(await count("SELECT count(*)::int AS n FROM pseudonym_registry WHERE patient_id = $1 AND domain LIKE 'research:%'", [Q])).toBe(1);
    await publish(TOPICS.consent, 'PatientErased', `patient-${Q}`, { patientId: Q, reason: 'patient-request', erasedAt: new Date().toISOString() });
    const knee = await until(KNEE, (e) => recordsOf(e, 'ResearchRecordsRetracted').some((r) => r.data.reason === 'patient-erased'), 'the erasure retraction');
    const erased = recordsOf(knee, 'ResearchRecordsRetracted').find((r) => r.data.reason === 'patient-erased')!;
    expect(erased.data.pseudonym).toBe(seen.qKnee);
    expect(erased.key).toBe(`research-${KNEE}-${seen.qKnee}`);
    expect(await count("SELECT count(*)::int AS n FROM pseudonym_registry WHERE patient_id = $1 AND domain LIKE 'research:%'", [Q])).toBe(0);
    expect(await count('SELECT count(*)::int AS n FROM pseudonym_registry WHERE pseudonym = $1', [seen.qKnee])).toBe(0);
    expect(await count('SELECT count(*)::int AS n FROM research_consents WHERE patient_id = $1', [Q])).toBe(0);
    expect(await count(`SELECT count(*)::int AS n FROM ${readSchemaOf(KNEE)}.records`)).toBe(0);
    expect(recordsOf(await projectTopic(HIP), 'ResearchRecordsRetracted').filter((r) => r.data.reason === 'patient-erased')).toHaveLength(0);
  });
});

describe('the project read schema', () => {
  let hipReader: Client;

  beforeAll(async () => {
    hipReader = await asReader(HIP);
  });

  afterAll(async () => {
    await hipReader?.end();
  });

  it("lets the project's reader read its released, non-retracted records", async () => {
    const { rows } = await hipReader.query(`SELECT pseudonym, age_band, region, scores FROM ${readSchemaOf(HIP)}.records`);
    expect(rows).toEqual([{ pseudonym: seen.pHip, age_band: '60-69', region: 'Region Midtjylland', scores: [{ name: 'total', value: 7, band: 'mild' }] }]);
  });

  it.each(['fact_patients', 'fact_organisations', 'pseudonym_registry', 'pseudonym_domain_keys', 'events', 'research_consents'])('refuses the reader the treatment-side table %s', async (table) => {
    await expect(hipReader.query(`SELECT * FROM public.${table}`)).rejects.toThrow(/permission denied/);
  });

  it("refuses the reader another project's schema", async () => {
    await expect(hipReader.query(`SELECT * FROM ${readSchemaOf(KNEE)}.records`)).rejects.toThrow(/permission denied/);
  });
});

describe('key rotation of a research domain', () => {
  it('is for administrators, keeps the pseudonym of a patient already in the project, and refuses unknown domains clearly', async () => {
    const rotated = await requestAs<{ domain: string; keyVersion: number }>(admin, 'POST', `${base}/pseudonym-domains/research:${HIP}/rotations`);
    expect(rotated.status).toBe(201);
    expect(rotated.body).toEqual({ domain: `research:${HIP}`, keyVersion: 2 });
    await answer(P);
    const hip = await until(HIP, (e) => recordsOf(e, 'ResearchRecordReleased').length >= 3, 'the record after rotation');
    expect(recordsOf(hip, 'ResearchRecordReleased')[2].data.pseudonym).toBe(seen.pHip);

    const unknown = await requestAs(admin, 'POST', `${base}/pseudonym-domains/research:ghost-${run}/rotations`);
    expect(unknown.status).toBe(404);
    expect(unknown.contentType).toContain('application/problem+json');
    expect(JSON.stringify(unknown.body)).toMatch(/not registered/);
    const bad = await requestAs(admin, 'POST', `${base}/pseudonym-domains/treatment/rotations`);
    expect(bad.status).toBe(422);
    expect(bad.contentType).toContain('application/problem+json');
    const clinician = await requestAs({ role: 'clinician', org: UNIT, sub: 'nurse-1' }, 'POST', `${base}/pseudonym-domains/quality/rotations`);
    expect(clinician.status).toBe(403);
  });

  it('re-wraps under the configured master key on request (nothing to do while it is the only one)', async () => {
    const rewrap = await requestAs(admin, 'POST', `${base}/pseudonym-domains/master-key-rotations`);
    expect(rewrap).toMatchObject({ status: 201, body: { masterVersion: 1, rewrapped: 0 } });
    const auditor = await requestAs({ role: 'auditor', org: UNIT, sub: 'auditor-1' }, 'POST', `${base}/pseudonym-domains/master-key-rotations`);
    expect(auditor.status).toBe(403);
  });
});

describe('an answer received before the consent was granted', () => {
  it('is not released, although it reaches the door while the consent is active', async () => {
    const before = recordsOf(await projectTopic(HIP), 'ResearchRecordReleased').length;
    const key = `response-order-${run}`; // one partition: the second answer is applied after the first
    await answer(P, undefined, { key, receivedAt: new Date(Date.now() - 24 * 3600_000).toISOString() });
    await answer(P, undefined, { key });
    const hip = await until(HIP, (e) => recordsOf(e, 'ResearchRecordReleased').length > before, 'the fresh answer');
    expect(recordsOf(hip, 'ResearchRecordReleased')).toHaveLength(before + 1);
  });
});

describe('an amended response', () => {
  it('is released again under the same record reference with the higher version, which replaces the earlier in the read model', async () => {
    const responseId = randomUUID();
    const common = { responseId, dispatchId: randomUUID(), patientId: P, unitSor: UNIT, questionnaire: { url: 'http://pro-hub.dk/q/phq-9', version: '1.0.0' }, late: false };
    const version = (v: number, value: number) => ({
      ...common,
      authored: new Date().toISOString(),
      receivedAt: new Date().toISOString(),
      response: { resourceType: 'QuestionnaireResponse', meta: { versionId: String(v) }, item: [{ linkId: 'q1', answer: [{ valueInteger: value }] }] },
    });
    await publish(TOPICS.intake, 'QuestionnaireResponseAccepted', `response-${responseId}`, version(1, 1));
    await publish(TOPICS.intake, 'QuestionnaireResponseAmended', `response-${responseId}`, version(2, 2));
    const hip = await until(HIP, (e) => recordsOf(e, 'ResearchRecordReleased').some((r) => r.data.responseVersion === 2), 'the amended record');
    const [first, amended] = recordsOf(hip, 'ResearchRecordReleased').slice(-2).map((r) => r.data);
    expect([first.responseVersion, amended.responseVersion]).toEqual([1, 2]);
    expect(amended.recordRef).toBe(first.recordRef);
    const { rows } = await db.pool.query(`SELECT response_version, answers FROM ${readSchemaOf(HIP)}.records WHERE record_ref = $1`, [amended.recordRef]);
    expect(rows).toEqual([{ response_version: 2, answers: [{ linkId: 'q1', integer: 2 }] }]);
  });
});
