/**
 * Crypto-shredding of the CPR number in the consent service, in-process against real Postgres and Kafka: the
 * store and the topic only ever hold an envelope; erasure makes it unreadable for good while every event row
 * stays byte-identical and its hash chain still verifies; the clear CPR index goes with the keys.
 */
import type { INestApplication } from '@nestjs/common';
import { TOPICS } from '@hub/contracts';
import { readStream, verifyStreamChain } from '@hub/event-store';
import { runService } from '@hub/service-kit';
import { createSubjectKeys, isEncryptedField, isErasedField, masterKeyringFromEnv, SubjectErasedError, type EncryptedField } from '@hub/subject-keys';
import { createScratchDatabase, eventually, readAllMessages, requestAs, requireEnv, useTestAuth, type ReadMessage, type ScratchDatabase } from '@hub/testing';
import { ConsentModule } from '../consent.module';

jest.setTimeout(90_000);

const HOSPITAL = '100000000000001';
const admin = { role: 'administrator', org: HOSPITAL } as const;
const clinician = { role: 'clinician', org: HOSPITAL, sub: 'doctor-1' } as const;
const CPR = '070761-4285';
let db: ScratchDatabase;
let app: INestApplication;
let base: string;

beforeAll(async () => {
  await useTestAuth();
  db = await createScratchDatabase('consent_erasure');
  Object.assign(process.env, { DATABASE_URL: db.url, PORT: '0', LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' });
  app = await runService({ name: 'consent', title: 'PRO hub: consent', module: ConsentModule });
  base = (await app.getUrl()).replace('[::1]', '127.0.0.1');
});

afterAll(async () => {
  await app?.close();
  await db?.drop();
});

const register = async (cpr: string) => (await requestAs<{ patientId: string }>(clinician, 'POST', `${base}/patients`, { cpr })).body.patientId;
const rows = async (patientId: string) =>
  (await db.pool.query<{ event_id: string; hash: string; prev_hash: string; data: string }>(
    `SELECT event_id, encode(hash, 'hex') AS hash, encode(prev_hash, 'hex') AS prev_hash, data::text AS data FROM events WHERE stream_id = $1 ORDER BY stream_version`,
    [`patient-${patientId}`],
  )).rows;
const indexRow = async (patientId: string) => (await db.pool.query('SELECT cpr FROM patient_index WHERE patient_id = $1', [patientId])).rows;
const messagesOf = async (patientId: string): Promise<ReadMessage[]> =>
  (await readAllMessages(requireEnv('KAFKA_BROKERS').split(','), [TOPICS.consent])).filter((m) => m.key === `patient-${patientId}`);
/** An outside reader's view: the service's keys opened with the same master key, as an operator tool would. */
const keys = () => createSubjectKeys({ pool: db.pool, keyring: masterKeyringFromEnv(process.env) });

describe('the CPR number as an envelope', () => {
  it('is stored and published only encrypted; the CPR index keeps it in clear inside the service', async () => {
    const patientId = await register(CPR);
    const [row] = await rows(patientId);
    expect(row.data).not.toContain(CPR.slice(0, 6));
    const stored = JSON.parse(row.data) as { cpr: EncryptedField };
    expect(isEncryptedField(stored.cpr)).toBe(true);
    expect(stored.cpr.subject).toBe(patientId);
    expect(await keys().decryptField(stored.cpr)).toEqual({ status: 'ok', value: CPR });

    const [published] = await eventually(
      async () => (await messagesOf(patientId)).filter((m) => m.headers['event-type'] === 'PatientRegistered'),
      (found) => found.length > 0,
      30_000,
      'PatientRegistered on the consent topic',
    );
    expect(published.headers['schema-version']).toBe('3');
    expect(published.value).not.toContain(CPR.slice(0, 6));
    // The birth date travels beside the envelope (for the quality door's age bands); never the CPR number.
    expect((JSON.parse(published.value) as { birthDate: string }).birthDate).toBe('1961-07-07');
    expect(isEncryptedField((JSON.parse(published.value) as { cpr: unknown }).cpr)).toBe(true);
    expect(await indexRow(patientId)).toEqual([{ cpr: CPR }]);

    // Idempotent registration by CPR still works through the clear index.
    expect(await register(CPR)).toBe(patientId);
  });
});

describe('under load', () => {
  it('registers more patients at once than the service has database connections (the keys use the command transaction)', async () => {
    // The pool has 10 connections. Encrypting a new patient's CPR once took a second connection from inside the
    // command's transaction: 10 concurrent registrations each held one and waited for another, forever.
    const cprs = Array.from({ length: 25 }, (_, i) => `${String(i + 1).padStart(2, '0')}0475-${String(1000 + i)}`);
    const results = await Promise.all(cprs.map((cpr) => requestAs<{ patientId: string }>(clinician, 'POST', `${base}/patients`, { cpr })));
    expect(results.map((r) => r.status)).toEqual(cprs.map(() => 201));
    expect(new Set(results.map((r) => r.body.patientId)).size).toBe(cprs.length);
  });
});

describe('erasure', () => {
  it('is for administrators only, takes a reason code (no free text) and 404s for an unknown patient', async () => {
    const patientId = await register('010203-4005');
    expect((await requestAs(clinician, 'POST', `${base}/patients/${patientId}/erasure`, { reason: 'patient-request' })).status).toBe(403);
    const free = await requestAs<{ errors: { location?: string }[] }>(admin, 'POST', `${base}/patients/${patientId}/erasure`, { reason: 'Jens asked us on the phone' });
    expect(free.status).toBe(400);
    const unknown = await requestAs<{ type: string }>(admin, 'POST', `${base}/patients/7c1e2f3a-4b5c-4d6e-8f70-8192a3b4c5d6/erasure`, { reason: 'patient-request' });
    expect(unknown.status).toBe(404);
    expect(unknown.contentType).toContain('application/problem+json');
    expect(await rows(patientId)).toHaveLength(1);
    expect(await indexRow(patientId)).toHaveLength(1);
  });

  it('shreds the CPR for good while the events stay byte-identical and their chain verifies', async () => {
    const CPR2 = '241299-1232';
    const patientId = await register(CPR2);
    await requestAs(admin, 'POST', `${base}/patients/${patientId}/consents`, { purpose: 'treatment' });
    const before = await rows(patientId);
    const envelope = (JSON.parse(before[0].data) as { cpr: EncryptedField }).cpr;

    const erased = await requestAs<{ erased: boolean }>(admin, 'POST', `${base}/patients/${patientId}/erasure`, { reason: 'patient-request' });
    expect(erased.status).toBe(200);
    expect(erased.body.erased).toBe(true);

    const after = await rows(patientId);
    expect(after.slice(0, before.length)).toEqual(before);
    expect(after.map((r) => JSON.parse(r.data) as object)[after.length - 1]).toMatchObject({ patientId, reason: 'patient-request' });
    const stream = await readStream(db.pool, `patient-${patientId}`);
    expect(verifyStreamChain(stream.map((e) => ({ ...e, recordedAt: e.recordedAt.toISOString(), position: String(e.globalPosition) })))).toBeUndefined();

    const opened = await keys().decryptField(envelope);
    expect(opened.status).toBe('erased');
    expect(isErasedField({ $erased: envelope.$enc, ...opened })).toBe(true);
    await expect(keys().encryptField(patientId, 'x')).rejects.toBeInstanceOf(SubjectErasedError);
    expect(await indexRow(patientId)).toEqual([]);

    // Others learn of it on the consent topic; the envelope they hold opens for nobody now.
    const published = await eventually(async () => messagesOf(patientId), (ms) => ms.some((m) => m.headers['event-type'] === 'PatientErased'), 30_000, 'PatientErased on the consent topic');
    expect(published.map((m) => m.value).join('\n')).not.toContain(CPR2.slice(0, 6));

    const described = await requestAs<{ erased: boolean; consents: string[] }>(admin, 'GET', `${base}/patients/${patientId}`);
    expect(described.body).toMatchObject({ erased: true, consents: [] });
    expect((await requestAs(admin, 'POST', `${base}/patients/${patientId}/consents`, { purpose: 'treatment' })).status).toBe(404);

    const again = await requestAs<{ erased: boolean }>(admin, 'POST', `${base}/patients/${patientId}/erasure`, { reason: 'patient-request' });
    expect(again.body.erased).toBe(false);
    expect(await rows(patientId)).toEqual(after);

    const reRegistered = await requestAs<{ patientId: string }>(clinician, 'POST', `${base}/patients`, { cpr: CPR2 });
    expect(reRegistered.status).toBe(201);
    expect(reRegistered.body.patientId).not.toBe(patientId);
  });
});
