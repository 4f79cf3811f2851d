/**
 * The key store against the real Postgres (a scratch database): domain keys made on first use, wrapped under
 * the master key; the registry keeps pseudonyms across rotation; research domains share nothing.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { applySchema, inTransaction } from '@hub/event-store';
import { createScratchDatabase, type ScratchDatabase } from '@hub/testing';
import { isValidPseudonym } from '../quality-record/pseudonym';
import { DOMAIN_KEYS_DDL } from './domain-key.table';
import { domainKeyringOf, domainMasterKeyOf, unwrapDomainKey } from './domain-keys';
import { KeyStoreDomains } from './key-store-domains';
import { researchDomain, type PseudonymDomain } from './pseudonym-domains';

jest.setTimeout(60_000);

const master = domainMasterKeyOf(randomBytes(32));
const domains = new KeyStoreDomains(domainKeyringOf(master));
/** The master key after rotation (see 'master key rotation'). */
const next = domainMasterKeyOf(randomBytes(48), 2);
let db: ScratchDatabase;

const enter = (domain: PseudonymDomain, patientId: string) => inTransaction(db.pool, (tx) => domains.enter(tx, domain, patientId));
const rotate = (domain: PseudonymDomain) => inTransaction(db.pool, (tx) => domains.rotate(tx, domain));

/** The domain's keys as stored, opened with the master key (the test plays the key custodian). */
async function keysOf(domain: PseudonymDomain): Promise<{ version: number; wrapped: Buffer; key: Buffer }[]> {
  const { rows } = await db.pool.query<{ key_version: number; master_version: number; wrap_iv: Buffer; wrapped_key: Buffer; wrap_tag: Buffer }>(
    'SELECT * FROM pseudonym_domain_keys WHERE domain = $1 ORDER BY key_version',
    [domain],
  );
  return rows.map((r) => ({ version: r.key_version, wrapped: r.wrapped_key, key: unwrapDomainKey(master, domain, r.key_version, { masterVersion: r.master_version, iv: r.wrap_iv, ct: r.wrapped_key, tag: r.wrap_tag }) }));
}

const count = async (sql: string) => (await db.pool.query<{ n: number }>(sql)).rows[0].n;
const registryVersionOf = async (domain: PseudonymDomain, patientId: string) =>
  (await db.pool.query<{ key_version: number }>('SELECT key_version FROM pseudonym_registry WHERE domain = $1 AND patient_id = $2', [domain, patientId])).rows[0]?.key_version;

beforeAll(async () => {
  db = await createScratchDatabase('pseudonym_keys');
  await applySchema(db.pool, DOMAIN_KEYS_DDL);
});

afterAll(async () => {
  await db?.drop();
});

describe('a pseudonym domain', () => {
  it('gives a patient the same valid pseudonym and the same record references on every entry', async () => {
    const patientId = randomUUID();
    const [first, again] = [await enter('quality', patientId), await enter('quality', patientId)];
    expect(isValidPseudonym(first.pseudonym)).toBe(true);
    expect(again.pseudonym).toBe(first.pseudonym);
    expect(again.ref('response', 'r-1')).toBe(first.ref('response', 'r-1'));
    expect(first.ref('response', 'r-1')).not.toBe(first.ref('response', 'r-2'));
    expect(await inTransaction(db.pool, (tx) => domains.patientOf(tx, 'quality', 'AAAAAAAAAAAAAAAA0'))).toBeUndefined();
  });

  it('keeps its keys only wrapped: the stored bytes are not the key, and another master key cannot open them', async () => {
    await enter('quality', randomUUID());
    const [k] = await keysOf('quality');
    expect(k.key).toHaveLength(32);
    expect(k.wrapped.equals(k.key)).toBe(false);
    const stranger = new KeyStoreDomains(domainKeyringOf(domainMasterKeyOf(randomBytes(32))));
    await expect(inTransaction(db.pool, (tx) => stranger.enter(tx, 'quality', randomUUID()))).rejects.toThrow(/does not unwrap/);
  });

  it('maps a pseudonym back to the patient only through the registry, and not after the entry is forgotten', async () => {
    const patientId = randomUUID();
    const domain = researchDomain(`forget-${randomUUID().slice(0, 8)}`);
    const { pseudonym } = await enter(domain, patientId);
    expect(await inTransaction(db.pool, (tx) => domains.patientOf(tx, domain, pseudonym))).toBe(patientId);
    expect(await inTransaction(db.pool, (tx) => domains.forget(tx, [domain], patientId))).toBe(1);
    expect(await inTransaction(db.pool, (tx) => domains.patientOf(tx, domain, pseudonym))).toBeUndefined();
    expect(await inTransaction(db.pool, (tx) => domains.find(tx, domain, patientId))).toBeUndefined();
  });
});

describe('key rotation', () => {
  it('keeps pseudonyms and record references of patients already in the domain; new patients get the new key', async () => {
    const domain = researchDomain(`rot-${randomUUID().slice(0, 8)}`);
    const before = randomUUID();
    const earlier = await enter(domain, before);
    expect(await rotate(domain)).toEqual({ domain, keyVersion: 2 });

    const later = await enter(domain, before);
    expect(later.pseudonym).toBe(earlier.pseudonym);
    expect(later.ref('response', 'r-1')).toBe(earlier.ref('response', 'r-1'));
    expect(await registryVersionOf(domain, before)).toBe(1);

    const after = randomUUID();
    await enter(domain, after);
    expect(await registryVersionOf(domain, after)).toBe(2);
    const keys = await keysOf(domain);
    expect(keys.map((k) => k.version)).toEqual([1, 2]);
    expect(keys[0].key.equals(keys[1].key)).toBe(false);
  });

  it('numbers concurrent rotations without a gap or a duplicate', async () => {
    const domain = researchDomain(`rot2-${randomUUID().slice(0, 8)}`);
    await enter(domain, randomUUID());
    const versions = await Promise.all([rotate(domain), rotate(domain), rotate(domain)]);
    expect(versions.map((v) => v.keyVersion).sort()).toEqual([2, 3, 4]);
    expect((await keysOf(domain)).map((k) => k.version)).toEqual([1, 2, 3, 4]);
  });
});

describe('research domains', () => {
  it('give the same patient different pseudonyms and references under different keys in two projects', async () => {
    const patientId = randomUUID();
    const [a, b] = [researchDomain(`proj-a-${randomUUID().slice(0, 8)}`), researchDomain(`proj-b-${randomUUID().slice(0, 8)}`)];
    const [inA, inB, inQuality] = [await enter(a, patientId), await enter(b, patientId), await enter('quality', patientId)];
    expect(new Set([inA.pseudonym, inB.pseudonym, inQuality.pseudonym]).size).toBe(3);
    expect(inA.ref('response', 'r-1')).not.toBe(inB.ref('response', 'r-1'));
    const [[keyA], [keyB]] = [await keysOf(a), await keysOf(b)];
    expect(keyA.key.equals(keyB.key)).toBe(false);
  });
});

describe('concurrent first use', () => {
  it('makes one key for a fresh domain however many patients enter it at once', async () => {
    const domain = researchDomain(`race-${randomUUID().slice(0, 8)}`);
    const patients = Array.from({ length: 12 }, () => randomUUID());
    await Promise.all(patients.map((p) => enter(domain, p)));
    expect((await keysOf(domain)).map((k) => k.version)).toEqual([1]);
    for (const p of patients) expect(await registryVersionOf(domain, p)).toBe(1);
  });

  it('gives one patient entering at once from several transactions one pseudonym', async () => {
    const domain = researchDomain(`race2-${randomUUID().slice(0, 8)}`);
    const patientId = randomUUID();
    const entries = await Promise.all(Array.from({ length: 8 }, () => enter(domain, patientId)));
    expect(new Set(entries.map((e) => e.pseudonym)).size).toBe(1);
  });
});

describe('master key rotation', () => {
  it('re-wraps every domain key under the new master key; pseudonyms stay, and the old master key is no longer needed', async () => {
    const patientId = randomUUID();
    const domain = researchDomain(`master-${randomUUID().slice(0, 8)}`);
    const before = await enter(domain, patientId);
    const during = new KeyStoreDomains(domainKeyringOf(next, [master]));
    expect((await inTransaction(db.pool, (tx) => during.enter(tx, domain, patientId))).pseudonym).toBe(before.pseudonym);

    const { masterVersion, rewrapped } = await inTransaction(db.pool, (tx) => during.rewrapUnderCurrentMaster(tx));
    expect(masterVersion).toBe(2);
    expect(rewrapped).toBeGreaterThanOrEqual(1);
    expect(await count('SELECT count(*)::int AS n FROM pseudonym_domain_keys WHERE master_version <> 2')).toBe(0);

    const after = new KeyStoreDomains(domainKeyringOf(next));
    const again = await inTransaction(db.pool, (tx) => after.enter(tx, domain, patientId));
    expect(again.pseudonym).toBe(before.pseudonym);
    expect(again.ref('response', 'r-1')).toBe(before.ref('response', 'r-1'));
    await expect(enter(domain, patientId)).rejects.toThrow(/master key v2 is not configured/);
    expect(await inTransaction(db.pool, (tx) => after.rewrapUnderCurrentMaster(tx))).toEqual({ masterVersion: 2, rewrapped: 0 });
  });
});

describe('the start-up check', () => {
  it('passes with the master keys the stored keys were made under, and names the problem otherwise', async () => {
    // A new domain's key is made under v1 (`domains` holds only v1); the master rotation above moved the rest to v2.
    await enter(researchDomain(`startup-${randomUUID().slice(0, 8)}`), randomUUID());
    await expect(new KeyStoreDomains(domainKeyringOf(next, [master])).assertKeysOpen(db.pool)).resolves.toBeUndefined();
    const both = new KeyStoreDomains(domainKeyringOf(master, [domainMasterKeyOf(randomBytes(32), 2)]));
    await expect(both.assertKeysOpen(db.pool)).rejects.toThrow(/PSEUDONYM_MASTER_KEY does not open/);
    const stranger = new KeyStoreDomains(domainKeyringOf(domainMasterKeyOf(randomBytes(32))));
    await expect(stranger.assertKeysOpen(db.pool)).rejects.toThrow(/PSEUDONYM_MASTER_KEY does not open the stored pseudonym domain keys/);
  });
});
