/**
 * Research across the services, each its own process, over HTTP and the real Kafka broker and Postgres:
 * an administrator registers a project at consent, the patient consents to it, answers a questionnaire, and
 * the project's own topic receives a pseudonymised record; the patient withdraws and the project is told within
 * seconds; after a new consent the patient is the same pseudonym to the project; erasure retracts again.
 */
import { randomInt, randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { databaseUrlVar, dispatchAndAnswer, eventually, freePort, readAllMessages, requestAs, requireEnv, startService, stopService, useTestAuth, waitHealthy, type ReadMessage, type RunningService, type ServiceName } from '@hub/testing';

jest.setTimeout(180_000);

const SERVICES: ServiceName[] = ['consent', 'dispatch', 'intake', 'pseudonymisation'];
const QUESTIONNAIRE = 'http://pro-hub.dk/fhir/Questionnaire/pain-nrs|1.0.0';
const run = randomUUID().slice(0, 8);
const projectId = `e2e-${run}`;
const topic = `pro.research.${projectId}.v1`;
const unitSor = String(100000000000000 + randomInt(1, 2 ** 46));
const pad = (n: number) => String(n).padStart(2, '0');
// A CPR number of its own per run (a 1900s birth date; modulus 11 is not required), so registration is new.
const cpr = `${pad(randomInt(1, 29))}${pad(randomInt(1, 13))}${pad(randomInt(50, 100) % 100)}-${randomInt(0, 4)}${String(randomInt(0, 1000)).padStart(3, '0')}`;
const services = {} as Record<ServiceName, RunningService>;
const url = (s: ServiceName) => services[s].url;
const admin = { role: 'administrator', org: unitSor } as const;
const clinician = { role: 'clinician', org: unitSor } as const;
let patientId: string;

type Seen = { type: string; key: string | null; data: Record<string, unknown>; raw: ReadMessage };

/** The project's topic as the project reads it, one message per event id (delivery is at least once); empty until the topic exists. */
async function projectTopic(): Promise<Seen[]> {
  const messages = await readAllMessages(requireEnv('KAFKA_BROKERS').split(','), [topic]).catch(() => []);
  const ids = new Set<string>();
  const unique = messages.filter((m) => !ids.has(m.headers['event-id']) && ids.add(m.headers['event-id']));
  return unique.map((m) => ({ type: m.headers['event-type'], key: m.key, data: JSON.parse(m.value), raw: m }));
}
const until = (done: (seen: Seen[]) => boolean, what: string, timeoutMs = 30_000) => eventually(projectTopic, done, timeoutMs, what);
const ofType = (seen: Seen[], type: string) => seen.filter((s) => s.type === type);

/** Waits until the pseudonymisation service holds (or no longer holds) the patient's consent to the project. */
async function consentKnown(active: boolean): Promise<void> {
  const db = new Client({ connectionString: requireEnv(databaseUrlVar('pseudonymisation')) });
  await db.connect();
  try {
    const query = () => db.query('SELECT 1 FROM research_consents WHERE project_id = $1 AND patient_id = $2', [projectId, patientId]);
    await eventually(query, (r) => (r.rowCount === 1) === active, 30_000, `the research consent to be ${active ? 'active' : 'gone'} at pseudonymisation`);
  } finally {
    await db.end();
  }
}

async function answerOnce(): Promise<void> {
  const items = [
    { linkId: 'pain', answer: [{ valueInteger: 4 }] },
    { linkId: 'comment', answer: [{ valueString: `Mit CPR er ${cpr}` }] },
  ];
  await dispatchAndAnswer({ dispatchUrl: url('dispatch'), intakeUrl: url('intake'), clinician, patientId, unitSor, questionnaire: QUESTIONNAIRE, items });
}

beforeAll(async () => {
  await useTestAuth();
  for (const name of SERVICES) services[name] = startService(name, await freePort());
  await Promise.all(SERVICES.map((name) => waitHealthy(services[name])));
  expect((await requestAs(admin, 'POST', `${url('consent')}/organisations`, [{ sor: unitSor, name: 'Research e2e unit', sector: 'hospital', region: 'Nordjylland' }])).status).toBe(200);
  expect((await requestAs(admin, 'POST', `${url('consent')}/research-projects`, { projectId, title: 'Research e2e', consentTextVersions: ['1.0'] })).status).toBe(201);
  const registered = await requestAs<{ patientId: string }>(clinician, 'POST', `${url('consent')}/patients`, { cpr });
  expect(registered.status).toBe(201);
  patientId = registered.body.patientId;
  expect((await requestAs(clinician, 'POST', `${url('consent')}/patients/${patientId}/consents`, { purpose: 'treatment' })).status).toBe(201);
  const care = await requestAs(clinician, 'POST', `${url('consent')}/patients/${patientId}/care-relationships`, { unitSor, pathway: 'pain', validFrom: new Date(Date.now() - 60_000).toISOString() });
  expect(care.status).toBe(201);
});

afterAll(async () => {
  await Promise.all(SERVICES.filter((n) => services[n]).map((n) => stopService(services[n])));
});

describe('research: consent → answer → the project topic; withdrawal and erasure retract', () => {
  let pseudonym: string;

  it('releases the answer of a consenting patient to the project topic, pseudonymised and minimised', async () => {
    const patient = { role: 'patient', org: unitSor, patient: patientId } as const;
    expect((await requestAs(patient, 'POST', `${url('consent')}/patients/${patientId}/consents`, { purpose: 'research', projectId, textVersion: '1.0' })).status).toBe(201);
    await consentKnown(true);
    await answerOnce();
    const seen = await until((s) => ofType(s, 'ResearchRecordReleased').length === 1, 'the research record');
    const [record] = ofType(seen, 'ResearchRecordReleased');
    pseudonym = record.data.pseudonym as string;
    expect(record.data).toMatchObject({ projectId, answers: [{ linkId: 'pain', integer: 4 }], unit: expect.any(Object) });
    expect(record.key).toBe(`research-${projectId}-${pseudonym}`);
    for (const leak of [cpr, cpr.replace('-', ''), patientId, unitSor, 'Mit CPR']) expect(record.raw.value).not.toContain(leak);
  });

  it('retracts within seconds of the withdrawal, and releases nothing more while it lasts', async () => {
    const patient = { role: 'patient', org: unitSor, patient: patientId } as const;
    const started = Date.now();
    expect((await requestAs(patient, 'POST', `${url('consent')}/patients/${patientId}/consents/withdraw`, { purpose: 'research', projectId })).status).toBe(200);
    const seen = await until((s) => ofType(s, 'ResearchRecordsRetracted').length === 1, 'the retraction', 15_000);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(ofType(seen, 'ResearchRecordsRetracted')[0].data).toMatchObject({ pseudonym, reason: 'consent-withdrawn' });

    await consentKnown(false);
    await answerOnce();
    // The answer was accepted; give the door time to (wrongly) release it, then look.
    await new Promise((r) => setTimeout(r, 3_000));
    expect(ofType(await projectTopic(), 'ResearchRecordReleased')).toHaveLength(1);
  });

  it('knows the patient again under the same pseudonym after a new consent, and retracts everything on erasure', async () => {
    const patient = { role: 'patient', org: unitSor, patient: patientId } as const;
    expect((await requestAs(patient, 'POST', `${url('consent')}/patients/${patientId}/consents`, { purpose: 'research', projectId, textVersion: '1.0' })).status).toBe(201);
    await consentKnown(true);
    await answerOnce();
    await until((s) => ofType(s, 'ResearchRecordReleased').length >= 2, 'a record after the new consent');
    expect(ofType(await projectTopic(), 'ResearchRecordReleased').map((r) => r.data.pseudonym)).toEqual([pseudonym, pseudonym]);

    expect((await requestAs(admin, 'POST', `${url('consent')}/patients/${patientId}/erasure`, { reason: 'patient-request' })).status).toBe(200);
    const seen = await until((s) => ofType(s, 'ResearchRecordsRetracted').some((r) => r.data.reason === 'patient-erased'), 'the erasure retraction');
    expect(ofType(seen, 'ResearchRecordsRetracted').map((r) => r.data.pseudonym)).toEqual([pseudonym, pseudonym]);
  });
});
