/**
 * The pseudonymisation service in-process against the real Postgres (a scratch database) and the real Kafka
 * broker: treatment events are published to the consent, dispatch and intake topics as those services' relays
 * would, and the quality records are read back from pro.quality.records.v1 as a quality database would.
 * The consumer group is the service's own (`pseudonymisation-treatment`), so no other pseudonymisation service
 * may share the broker while this runs.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import type { Producer } from 'kafkajs';
import { contractOf, TOPICS, type EventType } from '@hub/contracts';
import { connectProducer, createKafka, findCprLike, silentLogger } from '@hub/messaging';
import { RelayHost, runService } from '@hub/service-kit';
import { createScratchDatabase, eventually, readAllMessages, requestAs, requireEnv, throwawayEnvelope, useTestAuth, type ReadMessage, type ScratchDatabase } from '@hub/testing';
import { pseudonymisationModule } from './pseudonymisation.module';
import { TreatmentConsumer } from './quality-record/treatment.consumer';
import type { DoorStats } from './quality-record/stats.controller';

jest.setTimeout(120_000);

const brokers = () => requireEnv('KAFKA_BROKERS').split(',');
/** A unit code per run from digits 4-9 only, so it can never look like a CPR number on the quality topic. */
const newSor = () => [...randomBytes(12)].map((b) => '456789'[b % 6]).join('');
const unit = newSor();
const unknownUnit = newSor();
const questionnaire = { url: 'http://pro-hub.dk/fhir/Questionnaire/phq-9', version: '1.0.0' };
const CPR = '070761-4285';
const FREE_TEXT = 'Karen Sørensen, Nørrebrogade 12';
const day = 24 * 3600 * 1000;
const now = Date.now();
const at = (offsetDays: number) => new Date(now + offsetDays * day).toISOString();
const auditor = { role: 'auditor', org: unit } as const;

let db: ScratchDatabase;
let app: INestApplication;
let base: string;
let producer: Producer;
/** Every message this spec published, to publish again for the replay test. */
const published: { topic: string; messages: { key: string; value: string; headers: Record<string, string> }[] }[] = [];

async function publish(topic: string, type: EventType, key: string, data: object): Promise<void> {
  const batch = { topic, messages: [{ key, value: JSON.stringify(data), headers: { 'event-id': randomUUID(), 'event-type': type, 'schema-version': String(contractOf(type).schemaVersion) } }] };
  published.push(batch);
  await producer.send(batch);
}

const count = async (sql: string, params: unknown[] = []) => (await db.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM (${sql}) q`, params)).rows[0].n;

async function registerPatient(patientId: string, birthDate: string): Promise<void> {
  await publish(TOPICS.consent, 'PatientRegistered', `patient-${patientId}`, { patientId, cpr: throwawayEnvelope(patientId, CPR), birthDate, registeredAt: at(-400) });
}

function dispatch(patientId: string, unitSor: string, extra: object = {}): { dispatchId: string; send: () => Promise<void> } {
  const dispatchId = randomUUID();
  const data = { dispatchId, patientId, unitSor, questionnaire, dispatchedAt: at(-10), expiresAt: at(4), ...extra };
  return { dispatchId, send: () => publish(TOPICS.dispatch, 'QuestionnaireDispatched', `dispatch-${dispatchId}`, data) };
}

function response(dispatchId: string, patientId: string, unitSor = unit) {
  const responseId = randomUUID();
  const subject = { responseId, dispatchId, patientId, unitSor, questionnaire };
  const version = (versionId: number, pain: number, status: string) => ({
    ...subject,
    authored: at(-5),
    receivedAt: at(-5 + versionId),
    late: false,
    response: {
      resourceType: 'QuestionnaireResponse',
      status,
      meta: { versionId: String(versionId) },
      subject: { reference: `Patient/${patientId}`, display: CPR },
      item: [
        { linkId: 'pain', answer: [{ valueInteger: pain }] },
        { linkId: 'comment', answer: [{ valueString: FREE_TEXT }] },
      ],
    },
  });
  const scored = (responseVersion: number, value: number, name = 'total') => ({
    ...subject,
    responseVersion,
    package: { id: 'phq-9', version: '1.0.0' },
    scores: [{ name, value, band: { code: 'moderate', display: 'Moderate depression' } }],
    notComputed: [],
    triage: { colour: 'yellow', reasons: [{ rule: 'total', colour: 'yellow', text: 'Review within a week' }] },
    scoredAt: at(-5 + responseVersion),
  });
  const key = `response-${responseId}`;
  return {
    accept: (pain: number) => publish(TOPICS.intake, 'QuestionnaireResponseAccepted', key, version(1, pain, 'completed')),
    score: (responseVersion: number, value: number, name?: string) => publish(TOPICS.intake, 'QuestionnaireResponseScored', key, scored(responseVersion, value, name)),
    amend: (versionId: number, pain: number) => publish(TOPICS.intake, 'QuestionnaireResponseAmended', key, version(versionId, pain, 'amended')),
    enteredInError: () => publish(TOPICS.intake, 'QuestionnaireResponseEnteredInError', key, { ...subject, markedAt: at(-1) }),
  };
}

interface Record_ {
  type: string;
  key: string | null;
  data: Record<string, unknown> & { dispatchRef: string; pseudonym: string; unit?: { sor: string } };
}
const asRecord = (m: ReadMessage): Record_ => ({ type: m.headers['event-type'], key: m.key, data: JSON.parse(m.value) });

/** Every record on the quality topic, in topic order per partition (one dispatch's stream is one partition). */
const qualityRecords = async () => (await readAllMessages(brokers(), [TOPICS.qualityRecords])).sort((a, b) => a.partition - b.partition || Number(BigInt(a.offset) - BigInt(b.offset))).map(asRecord);

/** The stream of the dispatch whose dispatch record is the one at `unitSor` matching `pick`, once it has `length` records. */
async function streamOf(unitSor: string, length: number, what: string): Promise<Record_[]> {
  return eventually(
    async () => {
      const records = await qualityRecords();
      const opened = records.find((r) => r.type === 'QualityDispatchRecorded' && r.data.unit?.sor === unitSor);
      return opened ? records.filter((r) => r.key === `quality-${opened.data.dispatchRef}`) : [];
    },
    (stream) => stream.length >= length,
    60_000,
    what,
  );
}

async function consumerCaughtUp(): Promise<void> {
  await eventually(async () => (await app.get(TreatmentConsumer).lag()).reduce((sum, p) => sum + p.lag, 0), (lag) => lag === 0, 60_000, 'the consumer to catch up');
}

beforeAll(async () => {
  await useTestAuth();
  db = await createScratchDatabase('pseudonymisation');
  Object.assign(process.env, { DATABASE_URL: db.url, PORT: '0', LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' });
  app = await runService({ name: 'pseudonymisation', title: 'PRO hub: pseudonymisation', module: pseudonymisationModule({ current: { version: 1, secret: randomBytes(32) }, retired: [] }) });
  base = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  producer = await connectProducer(createKafka('pseudonymisation-int', brokers(), silentLogger));
});

afterAll(async () => {
  await producer?.disconnect();
  await app?.close();
  await db?.drop();
});

describe('the quality door', () => {
  const patientA = randomUUID();
  const orderId = randomUUID();
  let dispatchA: ReturnType<typeof dispatch>;
  let streamA: Record_[];

  beforeAll(async () => {
    await publish(TOPICS.consent, 'OrganisationRegistered', `organisation-${unit}`, { sor: unit, name: 'Afdeling for smerte', sector: 'hospital', region: 'Midtjylland', registeredAt: at(-500) });
    await registerPatient(patientA, '1956-01-15');
    // The facts come first: the consent topic is read beside the others, and this spec wants exact records.
    await eventually(() => count('SELECT 1 FROM fact_organisations WHERE sor = $1 UNION ALL SELECT 1 FROM fact_patients WHERE patient_id = $2', [unit, patientA]), (n) => n === 2, 60_000, 'the door to learn the unit and the birth date');
    dispatchA = dispatch(patientA, unit, { order: { orderId, occurrence: 0 } });
    await dispatchA.send();
    const answers = response(dispatchA.dispatchId, patientA);
    await answers.accept(12);
    await answers.score(1, 12);
    await answers.amend(2, 16);
    await answers.score(2, 16);
    await answers.enteredInError();
    streamA = await streamOf(unit, 6, 'the six records of dispatch A');
  });

  it('releases a dispatch, its response, the amendment, their scores and the retraction into one stream, in order', () => {
    expect(streamA.map((r) => r.type)).toEqual(['QualityDispatchRecorded', 'QualityResponseRecorded', 'QualityScoreRecorded', 'QualityResponseRecorded', 'QualityScoreRecorded', 'QualityRecordRetracted']);
    expect(new Set(streamA.map((r) => r.data.pseudonym)).size).toBe(1);
  });

  it('the dispatch record has the unit facts, the age band, Danish days and the pathway', () => {
    const [opened] = streamA;
    expect(opened.data).toMatchObject({ unit: { sor: unit, sector: 'hospital', region: 'Midtjylland' }, questionnaire, ageBand: '70-79', pathway: { occurrence: 0 } });
    expect(opened.data.dispatchedOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect((opened.data.pathway as { ref: string }).ref).toMatch(/^[a-z2-7]{26}$/);
  });

  it('responses carry their versions and minimised answers; scores the band code only; the mark retracts the response', () => {
    const [, first, firstScore, amended, amendedScore, retracted] = streamA.map((r) => r.data);
    expect(first).toMatchObject({ responseVersion: 1, answers: [{ linkId: 'pain', integer: 12 }], late: false });
    expect(firstScore).toMatchObject({ responseVersion: 1, scores: [{ name: 'total', value: 12, band: 'moderate' }] });
    expect(amended).toMatchObject({ responseVersion: 2, answers: [{ linkId: 'pain', integer: 16 }] });
    expect(amendedScore).toMatchObject({ responseVersion: 2, scores: [{ name: 'total', value: 16, band: 'moderate' }] });
    expect(retracted).toMatchObject({ scope: 'response', reason: 'entered-in-error' });
  });

  it('nothing identifying leaves: no CPR, patient, dispatch, order or response id, no free text, no display texts', () => {
    for (const r of streamA) {
      const text = JSON.stringify(r.data);
      expect(findCprLike(r.data)).toBeUndefined();
      for (const leak of [patientA, dispatchA.dispatchId, orderId, 'Sørensen', 'Nørrebrogade', 'Moderate depression', 'Review within']) expect(text).not.toContain(leak);
    }
  });

  it('a unit not yet in the register is released with sector and region null', async () => {
    const other = dispatch(patientA, unknownUnit);
    await other.send();
    const [opened] = await streamOf(unknownUnit, 1, 'the dispatch at the unknown unit');
    expect(opened.data).toMatchObject({ unit: { sor: unknownUnit, sector: null, region: null }, ageBand: '70-79' });
    expect(opened.data).not.toHaveProperty('pathway');
  });

  it('an answer that arrives before its dispatch is held, then released right after the dispatch record', async () => {
    const heldUnit = newSor();
    const late = dispatch(patientA, heldUnit);
    await response(late.dispatchId, patientA, heldUnit).accept(3);
    // Counted for this unit only: the consumer reads the shared topics from the start, and answers other specs
    // published without a dispatch on the topic stay held in this database too.
    const heldHere = () => count("SELECT 1 FROM quality_held_records WHERE data->'unit'->>'sor' = $1", [heldUnit]);
    await eventually(heldHere, (n) => n === 1, 60_000, 'the answer to be held');
    await late.send();
    const stream = await streamOf(heldUnit, 2, 'the held answer after its dispatch');
    expect(stream.map((r) => r.type)).toEqual(['QualityDispatchRecorded', 'QualityResponseRecorded']);
    expect(await heldHere()).toBe(0);
  });

  it('a record the privacy guard refuses is not released, and the refusal is counted on /pseudonyms/stats', async () => {
    const guardedUnit = newSor();
    const guarded = dispatch(patientA, guardedUnit);
    await guarded.send();
    const answers = response(guarded.dispatchId, patientA, guardedUnit);
    await answers.accept(1);
    await answers.score(1, 1, `total ${CPR}`); // a package naming a score with a CPR number: never published
    await answers.score(1, 2);
    const stream = await streamOf(guardedUnit, 3, 'the records around the refused score');
    expect(stream.map((r) => [r.type, r.data.scores ?? null])).toEqual([
      ['QualityDispatchRecorded', null],
      ['QualityResponseRecorded', null],
      ['QualityScoreRecorded', [{ name: 'total', value: 2, band: 'moderate' }]],
    ]);
    const stats = await requestAs<DoorStats>(auditor, 'GET', `${base}/pseudonyms/stats`);
    expect(stats.status).toBe(200);
    expect(stats.body.privacyRefusals[TOPICS.qualityRecords]).toBeGreaterThanOrEqual(1);
    expect(stats.body.released.QualityRecordRetracted).toBeGreaterThanOrEqual(1);
    expect(stats.body.total).toBe(Object.values(stats.body.released).reduce((a, b) => a + b, 0));
    expect((await requestAs(auditor, 'GET', `${base}/pseudonyms/stats`)).status).toBe(200);
    expect((await requestAs({ role: 'clinician', org: unit }, 'GET', `${base}/pseudonyms/stats`)).status).toBe(403);
  });

  it('erasing a patient retracts every dispatch released for them (scope dispatch) and releases nothing about them after', async () => {
    const patientB = randomUUID();
    const erasedUnit = newSor();
    await registerPatient(patientB, '1990-03-01');
    const first = dispatch(patientB, erasedUnit);
    const second = dispatch(patientB, erasedUnit);
    await first.send();
    await second.send();
    await response(first.dispatchId, patientB, erasedUnit).accept(5);
    await eventually(() => count('SELECT 1 FROM quality_released_dispatches WHERE patient_id = $1', [patientB]), (n) => n === 2, 60_000, 'both dispatches released');
    await eventually(() => count("SELECT 1 FROM events WHERE type = 'QualityResponseRecorded' AND data->'unit'->>'sor' = $1", [erasedUnit]), (n) => n === 1, 60_000, 'the answer released');
    await publish(TOPICS.consent, 'PatientErased', `patient-${patientB}`, { patientId: patientB, reason: 'patient-request', erasedAt: at(0) });
    const retractions = await eventually(
      async () => {
        const records = await qualityRecords();
        const refs = new Set(records.filter((r) => r.data.unit?.sor === erasedUnit && r.type === 'QualityDispatchRecorded').map((r) => r.data.dispatchRef));
        return records.filter((r) => r.type === 'QualityRecordRetracted' && refs.has(r.data.dispatchRef));
      },
      (found) => found.length === 2,
      60_000,
      'a retraction for each of the erased patient’s dispatches',
    );
    expect(retractions.map((r) => r.data)).toEqual([expect.objectContaining({ scope: 'dispatch', reason: 'patient-erased' }), expect.objectContaining({ scope: 'dispatch', reason: 'patient-erased' })]);
    for (const r of retractions) expect(r.key).toBe(`quality-${r.data.dispatchRef}`);
    expect(await count('SELECT 1 FROM quality_released_dispatches WHERE patient_id = $1', [patientB])).toBe(0);
    expect(await count('SELECT 1 FROM fact_patients WHERE patient_id = $1', [patientB])).toBe(0);

    // A dispatch still in flight for the erased patient is not released.
    const lateUnit = newSor();
    await dispatch(patientB, lateUnit).send();
    await consumerCaughtUp();
    expect(await count("SELECT 1 FROM events WHERE data->'unit'->>'sor' = $1", [lateUnit])).toBe(0);
  });

  it('replaying every input again releases nothing twice', async () => {
    await consumerCaughtUp();
    const before = await count('SELECT 1 FROM events');
    for (const batch of published) await producer.send(batch);
    await consumerCaughtUp();
    expect(await count('SELECT 1 FROM events')).toBe(before);
    // On the topic too: each record this service stored is there exactly once (the topic also holds other runs').
    await app.get(RelayHost).drain();
    // Quality records only: the same store also holds research records, which go to the projects' topics.
    const ours = new Set((await db.pool.query<{ id: string }>("SELECT data->>'recordId' AS id FROM events WHERE type LIKE 'Quality%'")).rows.map((r) => r.id));
    const onTopic = (await qualityRecords()).filter((r) => ours.has(r.data.recordId as string));
    expect(onTopic.length).toBe(ours.size);
    expect(new Set(onTopic.map((r) => r.data.recordId)).size).toBe(ours.size);
  });
});
