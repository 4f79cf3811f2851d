/**
 * The questionnaire bank in-process against the real Postgres (a scratch database) and Kafka: the seeded
 * instruments and their packages, FHIR search by status, retiring a version, and what the relay publishes on
 * the public questionnaire-bank topic. Runs its own dispatch instance, so (like dispatch.int.spec.ts) it must
 * not share the broker with another dispatch at the same time (npm test runs specs one by one).
 */
import type { INestApplication } from '@nestjs/common';
import { TOPICS } from '@hub/contracts';
import { INSTRUMENTS, instrumentById } from '@hub/pro-packages';
import { runService } from '@hub/service-kit';
import { createScratchDatabase, eventually, readAllMessages, requestAs, requireEnv, useTestAuth, type ScratchDatabase } from '@hub/testing';
import { DispatchModule } from '../dispatch.module';

jest.setTimeout(90_000);

const brokers = () => requireEnv('KAFKA_BROKERS').split(',');
let db: ScratchDatabase;
let app: INestApplication;
let base: string;

const clinician = { role: 'clinician', org: '123456789' } as const;
const admin = { role: 'administrator', org: '123456789' } as const;

type Bundle = { total: number; entry: { resource: { id: string; url: string; version: string; status: string } }[] };
const search = (query: string) => requestAs<Bundle>(clinician, 'GET', `${base}/fhir/Questionnaire?${query}`);

beforeAll(async () => {
  await useTestAuth();
  db = await createScratchDatabase('dispatch');
  Object.assign(process.env, { DATABASE_URL: db.url, PORT: '0', LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' });
  app = await runService({ name: 'dispatch', title: 'PRO hub: dispatch', module: DispatchModule });
  base = (await app.getUrl()).replace('[::1]', '127.0.0.1');
});

afterAll(async () => {
  await app?.close();
  await db?.drop();
});

describe('seeded instruments', () => {
  it('has every instrument version active in the bank, with Danish text and the English translation', async () => {
    const found = await search('status=active');
    const canonicals = found.body.entry.map((e) => `${e.resource.url}|${e.resource.version}`);
    for (const { questionnaire } of INSTRUMENTS) expect(canonicals).toContain(`${questionnaire.url}|${questionnaire.version}`);
    const phq = (await search(`url=${encodeURIComponent(instrumentById('phq-9').questionnaire.url)}`)).body.entry[0].resource as unknown as { language: string; item: { text: string; _text: unknown }[] };
    expect(phq.language).toBe('da');
    expect(phq.item[1]).toMatchObject({ text: 'Lidt interesse for eller glæde ved at gøre ting', _text: { extension: [{ extension: [{ valueCode: 'en' }, { valueString: 'Little interest or pleasure in doing things' }] }] } });
  });

  it('serves each package with its default schedule, by the questionnaire version it scores', async () => {
    const { questionnaire } = instrumentById('who-5');
    const found = await requestAs<{ id: string; version: string; schedule: unknown }[]>(clinician, 'GET', `${base}/packages?questionnaire=${encodeURIComponent(`${questionnaire.url}|${questionnaire.version}`)}`);
    expect(found.body).toEqual([expect.objectContaining({ id: 'who-5', version: '1.0.0', schedule: { intervalDays: 28, reminderAfterDays: 3, expiresAfterDays: 14 } })]);
  });

  it('refuses changed rules under a published package version, and a package naming an unknown item', async () => {
    const { package: pkg } = instrumentById('gad-7');
    const changed = await requestAs(admin, 'POST', `${base}/packages`, { ...pkg, triage: { ...pkg.triage, scoreThresholds: [] } });
    expect(changed.status).toBe(409);
    const broken = await requestAs<{ errors: { location: string }[] }>(clinician, 'POST', `${base}/packages`, { ...pkg, version: '1.0.1', triage: { ...pkg.triage, contactMe: 'no-such-item' } });
    expect(broken.status).toBe(422);
    expect(broken.body.errors).toEqual([expect.objectContaining({ location: 'triage.contactMe' })]);
    expect((await requestAs({ role: 'researcher', org: '123456789' }, 'POST', `${base}/packages`, { ...pkg, version: '1.0.2' })).status).toBe(403);
  });

  it('publishes the packages on the public questionnaire-bank topic', async () => {
    const { rows } = await db.pool.query<{ event_id: string }>("SELECT event_id FROM events WHERE type = 'ProPackagePublished'");
    expect(rows).toHaveLength(INSTRUMENTS.length);
    const ids = new Set(rows.map((r) => r.event_id));
    const ours = await eventually(
      async () => (await readAllMessages(brokers(), [TOPICS.questionnaireBank])).filter((m) => ids.has(m.headers['event-id'])),
      (found) => found.length === INSTRUMENTS.length,
      30_000,
      'the packages on the questionnaire-bank topic',
    );
    expect(ours.map((m) => m.key).sort()).toEqual(INSTRUMENTS.map((i) => `pro-package-${i.package.id}|${i.package.version}`).sort());
  });
});

describe('retiring a version', () => {
  const { questionnaire } = instrumentById('esas-r');

  it('retires once, shows status retired in search and read, and publishes QuestionnaireRetired', async () => {
    const [{ resource }] = (await search(`url=${encodeURIComponent(questionnaire.url)}&version=${questionnaire.version}`)).body.entry;
    expect((await requestAs({ role: 'quality-database', org: '123456789' }, 'POST', `${base}/fhir/Questionnaire/${resource.id}/$retire`)).status).toBe(403);
    const retired = await requestAs<{ status: string }>(admin, 'POST', `${base}/fhir/Questionnaire/${resource.id}/$retire`);
    expect(retired.status).toBe(200);
    expect(retired.body.status).toBe('retired');
    expect((await requestAs(clinician, 'POST', `${base}/fhir/Questionnaire/${resource.id}/$retire`)).status).toBe(200);
    expect((await search(`url=${encodeURIComponent(questionnaire.url)}&status=active`)).body.total).toBe(0);
    expect((await search(`url=${encodeURIComponent(questionnaire.url)}&status=retired`)).body.total).toBe(1);
    const { rows } = await db.pool.query<{ event_id: string }>("SELECT event_id FROM events WHERE type = 'QuestionnaireRetired'");
    expect(rows).toHaveLength(1);
    await eventually(
      async () => (await readAllMessages(brokers(), [TOPICS.questionnaireBank])).filter((m) => m.headers['event-id'] === rows[0].event_id),
      (found) => found.length === 1,
      30_000,
      'QuestionnaireRetired on the questionnaire-bank topic',
    );
  });

  it('answers an unknown id with a 404 OperationOutcome', async () => {
    const missing = await requestAs<{ resourceType: string }>(admin, 'POST', `${base}/fhir/Questionnaire/00000000-0000-8000-8000-000000000000/$retire`);
    expect(missing.status).toBe(404);
    expect(missing.body.resourceType).toBe('OperationOutcome');
  });
});
