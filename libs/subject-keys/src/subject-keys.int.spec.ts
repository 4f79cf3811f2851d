import { randomBytes, randomUUID } from 'node:crypto';
import { ensureEventStoreSchema, handleCommand, inTransaction, readStream, type Decider } from '@hub/event-store';
import { createScratchDatabase, type ScratchDatabase } from '@hub/testing';
import { isEncryptedField, isErasedField, type EncryptedField } from './envelope';
import { SubjectErasedError, SubjectKeyUnavailableError } from './errors';
import { buildKeyring, type MasterKey } from './master-keyring';
import { personalDataCodec, type PersonalDataPolicy } from './personal-fields';
import { createSubjectKeys, type SubjectKeys } from './subject-keys';

let db: ScratchDatabase;
const master1: MasterKey = { version: 1, key: randomBytes(32) };
let keys: SubjectKeys;

beforeAll(async () => {
  db = await createScratchDatabase('keys');
  db.pool.on('error', () => undefined); // a pooled connection still closing when the database is dropped at teardown
  await ensureEventStoreSchema(db.pool);
  keys = createSubjectKeys({ pool: db.pool, keyring: buildKeyring(master1) });
  await keys.ensureSchema();
});
afterAll(() => db.drop());

/** A patient aggregate that keeps the CPR number in its state, so the fold shows what a reader can see. */
type Registered = { type: 'PatientRegistered'; data: { patientId: string; cpr: unknown; registeredAt: string } };
const patients: Decider<{ patientId: string; cpr: string; at: string }, { cpr?: unknown; registrations: number }, Registered> = {
  initialState: () => ({ registrations: 0 }),
  decide: (c) => [{ type: 'PatientRegistered', data: { patientId: c.patientId, cpr: c.cpr, registeredAt: c.at } }],
  evolve: (s, e) => ({ cpr: e.data.cpr, registrations: s.registrations + 1 }),
};
const policy: PersonalDataPolicy = { PatientRegistered: { subject: 'patientId', fields: ['cpr'] } };
const register = (k: SubjectKeys, patientId: string) =>
  handleCommand(db.pool, `patient-${patientId}`, patients, { patientId, cpr: '010190-1234', at: '2026-11-24T10:00:00.000Z' }, {
    schemaVersionOf: () => 1,
    newEventId: randomUUID,
    ...personalDataCodec(k, policy),
  });
const rawRows = async (patientId: string) =>
  (await db.pool.query('SELECT event_id, stream_version, type, schema_version, data::text AS data, metadata::text AS metadata, recorded_at FROM events WHERE stream_id = $1 ORDER BY stream_version', [`patient-${patientId}`])).rows;

describe('crypto-shredding on real Postgres', () => {
  it('stores only ciphertext, folds the plaintext, and after erasure reads an erased marker while the event rows stay byte-identical', async () => {
    const patientId = randomUUID();
    await register(keys, patientId);
    const [stored] = await readStream(db.pool, `patient-${patientId}`);
    const envelope = (stored.data as { cpr: EncryptedField }).cpr;
    expect(isEncryptedField(envelope)).toBe(true);
    expect(JSON.stringify(stored.data)).not.toMatch(/0101901234|010190-1234/);
    expect(await keys.decryptField(envelope)).toEqual({ status: 'ok', value: '010190-1234' });
    expect((await register(keys, patientId)).state).toMatchObject({ cpr: '010190-1234', registrations: 2 }); // the fold saw the plaintext

    const before = await rawRows(patientId);
    expect(await keys.eraseSubject(patientId, '2026-11-25T08:00:00.000Z', 'erasure request')).toEqual({ erased: true, keysDestroyed: 1 });
    expect(await rawRows(patientId)).toEqual(before);
    expect(await keys.decryptField(envelope)).toEqual({ status: 'erased', subject: patientId, erasedAt: '2026-11-25T08:00:00.000Z' });
    const { rows } = await db.pool.query('SELECT count(*)::int AS n FROM subject_keys WHERE subject_id = $1', [patientId]);
    expect(rows[0].n).toBe(0);
    expect(await keys.eraseSubject(patientId, '2026-11-26T08:00:00.000Z', 'again')).toEqual({ erased: false, keysDestroyed: 0 });
  });

  it('a reader of an erased subject gets markers, not a crash; no new personal data is accepted for the subject', async () => {
    const patientId = randomUUID();
    await register(keys, patientId);
    await keys.eraseSubject(patientId, '2026-11-25T08:00:00.000Z', 'erasure request');
    const { decode } = personalDataCodec(keys, policy);
    const [stored] = await readStream(db.pool, `patient-${patientId}`);
    const read = (await decode({ type: stored.type, data: stored.data })) as { cpr: unknown; patientId: string };
    expect(isErasedField(read.cpr)).toBe(true);
    expect(read.patientId).toBe(patientId);
    await expect(keys.encryptField(patientId, 'new data')).rejects.toBeInstanceOf(SubjectErasedError);
    await expect(register(keys, patientId)).rejects.toBeInstanceOf(SubjectErasedError);
    expect(await readStream(db.pool, `patient-${patientId}`)).toHaveLength(1);
  });

  it('an erasure whose alongside work fails destroys nothing: keys and clear-text copies go together or not at all', async () => {
    const patientId = randomUUID();
    const envelope = await keys.encryptField(patientId, '010190-1234');
    await db.pool.query('CREATE TABLE IF NOT EXISTS cpr_index (cpr text PRIMARY KEY, patient_id text NOT NULL)');
    await db.pool.query('INSERT INTO cpr_index VALUES ($1, $2)', [`cpr-${patientId}`, patientId]);
    const failing = keys.eraseSubject(patientId, '2026-11-25T08:00:00.000Z', 'erasure request', async () => {
      throw new Error('index unavailable');
    });
    await expect(failing).rejects.toThrow('index unavailable');
    expect(await keys.decryptField(envelope)).toEqual({ status: 'ok', value: '010190-1234' });
    await keys.eraseSubject(patientId, '2026-11-25T08:00:00.000Z', 'erasure request', (tx) => tx.query('DELETE FROM cpr_index WHERE patient_id = $1', [patientId]).then(() => undefined));
    expect((await db.pool.query('SELECT 1 FROM cpr_index WHERE patient_id = $1', [patientId])).rowCount).toBe(0);
    expect((await keys.decryptField(envelope)).status).toBe('erased');
  });

  it('an erasure inside the caller’s transaction commits or rolls back with it', async () => {
    const patientId = randomUUID();
    const envelope = await keys.encryptField(patientId, '010190-1234');
    const rolledBack = inTransaction(db.pool, async (tx) => {
      expect(await keys.eraseSubject(patientId, '2026-11-25T08:00:00.000Z', 'erasure request', undefined, tx)).toEqual({ erased: true, keysDestroyed: 1 });
      throw new Error('the consumer failed after the erasure');
    });
    await expect(rolledBack).rejects.toThrow('the consumer failed');
    expect(await keys.decryptField(envelope)).toEqual({ status: 'ok', value: '010190-1234' });
    await inTransaction(db.pool, (tx) => keys.eraseSubject(patientId, '2026-11-25T08:00:00.000Z', 'erasure request', undefined, tx));
    expect((await keys.decryptField(envelope)).status).toBe('erased');
  });

  it('a key missing without a recorded erasure is an error, never mistaken for an erasure', async () => {
    const patientId = randomUUID();
    const envelope = await keys.encryptField(patientId, 'x');
    await db.pool.query('DELETE FROM subject_keys WHERE subject_id = $1', [patientId]);
    await expect(keys.decryptField(envelope)).rejects.toBeInstanceOf(SubjectKeyUnavailableError);
  });

  it('concurrent first uses of a subject share one data key', async () => {
    const patientId = randomUUID();
    const envelopes = await Promise.all(Array.from({ length: 10 }, (_, i) => keys.encryptField(patientId, `v${i}`)));
    const { rows } = await db.pool.query('SELECT count(*)::int AS n FROM subject_keys WHERE subject_id = $1', [patientId]);
    expect(rows[0].n).toBe(1);
    expect(await Promise.all(envelopes.map((e) => keys.decryptField(e)))).toEqual(envelopes.map((_, i) => ({ status: 'ok', value: `v${i}` })));
  });

  it('an erasure racing first uses leaves no key behind, whichever commits first', async () => {
    for (let round = 0; round < 5; round++) {
      const patientId = randomUUID();
      const results = await Promise.allSettled([
        ...Array.from({ length: 4 }, () => keys.encryptField(patientId, 'x')),
        keys.eraseSubject(patientId, '2026-11-25T08:00:00.000Z', 'race'),
        ...Array.from({ length: 4 }, () => keys.encryptField(patientId, 'y')),
      ]);
      const { rows } = await db.pool.query('SELECT count(*)::int AS n FROM subject_keys WHERE subject_id = $1', [patientId]);
      expect(rows[0].n).toBe(0);
      const failures = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
      expect(failures.every((f) => f.reason instanceof SubjectErasedError)).toBe(true);
    }
  });

  it('master key rotation re-wraps every data key; old envelopes still decrypt once the old master key is gone', async () => {
    const subjects = Array.from({ length: 7 }, () => randomUUID());
    const envelopes = await Promise.all(subjects.map((s) => keys.encryptField(s, `cpr of ${s}`)));
    const master2: MasterKey = { version: 2, key: randomBytes(32) };
    const onlyNew = createSubjectKeys({ pool: db.pool, keyring: buildKeyring(master2) });
    await expect(onlyNew.decryptField(envelopes[0])).rejects.toThrow(/master key v1 is not configured/);

    const rotating = createSubjectKeys({ pool: db.pool, keyring: buildKeyring(master2, [master1]) });
    const { rewrapped } = await rotating.rotateMasterKey(3); // small batches: several rounds
    expect(rewrapped).toBeGreaterThanOrEqual(subjects.length);
    const { rows } = await db.pool.query('SELECT DISTINCT master_version FROM subject_keys');
    expect(rows).toEqual([{ master_version: 2 }]);
    expect(await Promise.all(envelopes.map((e) => onlyNew.decryptField(e)))).toEqual(subjects.map((s) => ({ status: 'ok', value: `cpr of ${s}` })));
    expect(await rotating.rotateMasterKey()).toEqual({ rewrapped: 0 });
    // New keys are wrapped under the current master from the start.
    await onlyNew.encryptField(randomUUID(), 'fresh');
    expect((await db.pool.query('SELECT DISTINCT master_version FROM subject_keys')).rows).toEqual([{ master_version: 2 }]);
    keys = onlyNew;
  });
});
