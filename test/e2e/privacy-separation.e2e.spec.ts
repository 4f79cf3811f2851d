/**
 * The legal separation, shown end to end over the real services, Kafka and Postgres: patients type CPR numbers,
 * names and addresses into every free-text answer; two research projects and the quality domain receive their
 * data; one patient withdraws from a project and answers again. Afterwards every message on every topic
 * outside `treatment` (quality, research per project, public, ops: listed from the broker, not from a list in
 * this file) is scanned: no CPR-like value, no name, no patient-written text, no internal patient id (outside the
 * ops notifications, which address the patient by it), and no pseudonym shared between domains.
 */
import { randomInt, randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { Kafka, logLevel } from 'kafkajs';
import type { TokenClaims } from '@hub/auth';
import { Client } from 'pg';
import { databaseUrlVar, dispatchAndAnswer, eventually, freePort, readAllMessages, requestAs, requireEnv, SERVICE_NAMES, startService, stopService, useTestAuth, waitHealthy, type ReadMessage, type RunningService, type ServiceName } from '@hub/testing';

jest.setTimeout(240_000);

const QUESTIONNAIRE = 'http://pro-hub.dk/fhir/Questionnaire/pain-nrs|1.0.0';
const services = {} as Record<ServiceName, RunningService>;
const url = (s: ServiceName) => services[s].url;
const brokers = () => requireEnv('KAFKA_BROKERS').split(',');
const UNIT = String(100000000000000 + randomInt(1, 2 ** 46));
const run = randomUUID().slice(0, 8);
const PROJECTS = [`knee-${run}`, `hip-${run}`];
const admin: TokenClaims = { role: 'administrator', org: UNIT };
const doctor: TokenClaims = { role: 'clinician', org: UNIT, sub: `doctor-${run}` };

/** A CPR number of its own per patient and run: a real date, serial 1xxx (born in the 1900s). */
const cprFor = (i: number) => `${String(randomInt(1, 29)).padStart(2, '0')}${String(randomInt(1, 13)).padStart(2, '0')}${40 + i}-${randomInt(1000, 4000)}`;
const NAMES = ['Karen Margrethe Sørensen', 'Jens Peter Østergaard', 'Åse Lindholm'];
const ADDRESS = 'Nørregade 14, 2. th., 8000 Aarhus C';

/** Free text a patient might type, in the formats a CPR number is written in, generated but reproducible. */
function adversarialTexts(cpr: string, name: string): string[] {
  const digits = cpr.replace('-', '');
  const generated = fc.sample(
    fc.constantFrom(`CPR ${cpr}`, `cpr:${digits}`, `${digits.slice(0, 6)} ${digits.slice(6)}`, `mit nr er ${cpr}!`, `${name}, ${ADDRESS}`, `ring til ${name} på 20 30 40 50`),
    { numRuns: 6, seed: 42 },
  );
  return [...new Set(generated)];
}

interface Patient {
  id: string;
  cpr: string;
  name: string;
}

async function registerPatient(i: number, projects: string[]): Promise<Patient> {
  const cpr = cprFor(i);
  const id = (await requestAs<{ patientId: string }>(doctor, 'POST', `${url('consent')}/patients`, { cpr })).body.patientId;
  const consent = (body: object) => requestAs(doctor, 'POST', `${url('consent')}/patients/${id}/consents`, body);
  expect((await consent({ purpose: 'treatment' })).status).toBe(201);
  for (const projectId of projects) expect((await consent({ purpose: 'research', projectId, textVersion: '1.0' })).status).toBe(201);
  const validFrom = new Date(Date.now() - 60_000).toISOString();
  expect((await requestAs(doctor, 'POST', `${url('consent')}/patients/${id}/care-relationships`, { unitSor: UNIT, pathway: 'pain', validFrom })).status).toBe(201);
  return { id, cpr, name: NAMES[i % NAMES.length] };
}

/** Waits until the pseudonymisation service holds the research consents: answers before that do not flow. */
async function researchConsentsKnown(expected: number): Promise<void> {
  const db = new Client({ connectionString: requireEnv(databaseUrlVar('pseudonymisation')) });
  await db.connect();
  try {
    const query = () => db.query<{ n: number }>('SELECT count(*)::int AS n FROM research_consents WHERE project_id = ANY($1)', [PROJECTS]);
    await eventually(query, (r) => r.rows[0].n === expected, 30_000, `${expected} research consents at pseudonymisation`);
  } finally {
    await db.end();
  }
}

type Seen = { type: string; data: Record<string, unknown>; raw: ReadMessage };

/** A topic as its reader sees it, one message per event id (delivery is at least once). */
async function read(topic: string): Promise<Seen[]> {
  const ids = new Set<string>();
  const messages = (await readAllMessages(brokers(), [topic])).filter((m) => !ids.has(m.headers['event-id']) && ids.add(m.headers['event-id']));
  return messages.map((m) => ({ type: m.headers['event-type'], data: JSON.parse(m.value), raw: m }));
}

const pseudonymsOf = (seen: Seen[], type: string) => new Set(seen.filter((s) => s.type === type).map((s) => s.data.pseudonym as string));
const qualityOfOurUnit = async () => (await read('pro.quality.records.v1')).filter((s) => (s.data.unit as { sor?: string } | undefined)?.sor === UNIT);

async function answerWithFreeText(patient: Patient, text: string): Promise<void> {
  const items = [
    { linkId: 'pain', answer: [{ valueInteger: randomInt(0, 11) }] },
    { linkId: 'comment', answer: [{ valueString: text }] },
  ];
  await dispatchAndAnswer({ dispatchUrl: url('dispatch'), intakeUrl: url('intake'), clinician: doctor, patientId: patient.id, unitSor: UNIT, questionnaire: QUESTIONNAIRE, items });
}

async function topicsOutsideTreatment(): Promise<string[]> {
  const kafka = new Kafka({ clientId: 'privacy-scan', brokers: brokers(), logLevel: logLevel.NOTHING });
  const adminClient = kafka.admin();
  await adminClient.connect();
  try {
    return (await adminClient.listTopics()).filter((t) => t.startsWith('pro.') && !t.startsWith('pro.treatment.'));
  } finally {
    await adminClient.disconnect();
  }
}

const patients: Patient[] = [];
const typed: string[] = [];

beforeAll(async () => {
  await useTestAuth();
  for (const name of SERVICE_NAMES) services[name] = startService(name, await freePort());
  await Promise.all(SERVICE_NAMES.map((name) => waitHealthy(services[name])));
});

afterAll(async () => {
  await Promise.all(SERVICE_NAMES.filter((n) => services[n]).map((n) => stopService(services[n])));
});

describe('treatment, quality and research stay apart', () => {
  it('registers the unit and two research projects', async () => {
    expect((await requestAs(admin, 'POST', `${url('consent')}/organisations`, [{ sor: UNIT, name: 'Smerteklinik', sector: 'hospital', region: 'Midtjylland' }])).status).toBe(200);
    for (const projectId of PROJECTS) {
      expect((await requestAs(admin, 'POST', `${url('consent')}/research-projects`, { projectId, title: `Projekt ${projectId}`, consentTextVersions: ['1.0'] })).status).toBe(201);
    }
  });

  it('patients consent to none, one or both projects and answer with CPR numbers, names and addresses in free text', async () => {
    const consents = [PROJECTS, [PROJECTS[0]], []];
    for (let i = 0; i < consents.length; i++) patients.push(await registerPatient(i, consents[i]));
    await researchConsentsKnown(3);
    for (const patient of patients) {
      for (const text of adversarialTexts(patient.cpr, patient.name).slice(0, 2)) {
        typed.push(text);
        await answerWithFreeText(patient, text);
      }
    }
  });

  it('each domain sees its own pseudonyms: none is shared between the projects or with quality', async () => {
    const [knee, hip] = PROJECTS.map((p) => `pro.research.${p}.v1`);
    // Patients 0 and 1 consented to knee, only patient 0 to hip, all three are in the mandated quality domain.
    const kneeSeen = await eventually(() => read(knee), (s) => pseudonymsOf(s, 'ResearchRecordReleased').size === 2, 30_000, 'two patients on the knee project');
    const hipSeen = await eventually(() => read(hip), (s) => pseudonymsOf(s, 'ResearchRecordReleased').size === 1, 30_000, 'one patient on the hip project');
    const qualitySeen = await eventually(qualityOfOurUnit, (s) => pseudonymsOf(s, 'QualityResponseRecorded').size === 3, 30_000, 'three patients in quality');
    const [kneeP, hipP, qualityP] = [pseudonymsOf(kneeSeen, 'ResearchRecordReleased'), pseudonymsOf(hipSeen, 'ResearchRecordReleased'), pseudonymsOf(qualitySeen, 'QualityResponseRecorded')];
    expect([...kneeP].filter((p) => hipP.has(p) || qualityP.has(p))).toEqual([]);
    expect([...hipP].filter((p) => qualityP.has(p))).toEqual([]);
    // Research gets region and sector, never the producing unit's SOR code (quality keeps it).
    for (const s of [...kneeSeen, ...hipSeen]) {
      expect(s.raw.value).not.toContain(UNIT);
      if (s.type === 'ResearchRecordReleased') expect(s.data.unit).toEqual({ sector: 'hospital', region: 'Midtjylland' });
    }
    // Each research record is keyed by project and pseudonym, so one patient's records and retractions stay in order.
    for (const s of kneeSeen) expect(s.raw.key).toBe(`research-${PROJECTS[0]}-${s.data.pseudonym}`);
  });

  it('withdrawing from a project retracts the patient’s records there within seconds, and nothing more flows to it', async () => {
    const knee = `pro.research.${PROJECTS[0]}.v1`;
    const before = await read(knee);
    const withdrawnAt = Date.now();
    expect((await requestAs(doctor, 'POST', `${url('consent')}/patients/${patients[1].id}/consents/withdraw`, { purpose: 'research', projectId: PROJECTS[0] })).status).toBeLessThan(300);
    const after = await eventually(() => read(knee), (s) => s.some((e) => e.type === 'ResearchRecordsRetracted'), 10_000, 'a retraction on the knee project');
    expect(Date.now() - withdrawnAt).toBeLessThan(10_000);
    const [retraction] = after.filter((e) => e.type === 'ResearchRecordsRetracted');
    expect(retraction.data).toMatchObject({ projectId: PROJECTS[0], reason: 'consent-withdrawn' });
    expect(pseudonymsOf(before, 'ResearchRecordReleased').has(retraction.data.pseudonym as string)).toBe(true);
    expect(retraction.data).not.toHaveProperty('recordRef'); // every record of the patient in the project

    // The withdrawn patient answers again: quality (mandated) receives it, the project does not.
    await researchConsentsKnown(2);
    const qualityBefore = (await qualityOfOurUnit()).filter((s) => s.type === 'QualityResponseRecorded').length;
    typed.push('trukket tilbage, men svarer igen');
    await answerWithFreeText(patients[1], 'trukket tilbage, men svarer igen');
    await eventually(qualityOfOurUnit, (s) => s.filter((e) => e.type === 'QualityResponseRecorded').length === qualityBefore + 1, 30_000, 'the new answer in quality');
    const released = (await read(knee)).filter((e) => e.type === 'ResearchRecordReleased' && e.data.pseudonym === retraction.data.pseudonym);
    expect(released.length).toBe(before.filter((e) => e.type === 'ResearchRecordReleased' && e.data.pseudonym === retraction.data.pseudonym).length);
  });

  it('no message on any topic outside treatment carries a CPR-like value, a name, a patient-written word or a patient id', async () => {
    const topics = await topicsOutsideTreatment();
    expect(topics).toEqual(expect.arrayContaining(['pro.quality.records.v1', ...PROJECTS.map((p) => `pro.research.${p}.v1`)]));
    const messages = await readAllMessages(brokers(), topics);
    expect(messages.filter((m) => m.topic === 'pro.quality.records.v1').length).toBeGreaterThan(0);
    // Ids are UUIDs, and a random UUID holds a CPR-shaped digit run about once in a thousand: not a leak.
    const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;
    const CPR_LIKE = /(?<!\d)(0[1-9]|[12]\d|3[01])(0[1-9]|1[0-2])\d{2}[- ]?\d{4}(?!\d)/;
    const leaks: string[] = [];
    for (const m of messages) {
      const where = `${m.topic}@${m.partition}:${m.offset}`;
      if (CPR_LIKE.test(m.value.replace(UUID, ''))) leaks.push(`${where}: CPR-like value`);
      // Notification requests carry the internal patient id by design (the gateway looks up the address in the
      // treatment domain); no quality, research or public message may.
      if (!m.topic.startsWith('pro.ops.')) for (const p of patients) if (m.value.includes(p.id) || (m.key ?? '').includes(p.id)) leaks.push(`${where}: patient id`);
      // Whole names (surnames alone also occur in public literature references, e.g. WHO-5's).
      for (const words of [...NAMES, 'Nørregade 14', ...typed]) if (m.value.includes(words)) leaks.push(`${where}: "${words}"`);
    }
    expect(leaks).toEqual([]);
  });
});
