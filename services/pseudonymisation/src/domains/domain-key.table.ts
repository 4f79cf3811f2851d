import type { Queryable } from '@hub/event-store';
import type { WrappedKey } from '@hub/subject-keys';
import { parseDomain, type PseudonymDomain } from './pseudonym-domains';

/**
 * Domain keys (wrapped, one row per domain and version) and the pseudonym registry. The registry pins each
 * patient to the pseudonym and key version of their first entry into a domain, so a key rotation changes
 * nothing for patients already in the domain: only new patients get pseudonyms under the new version.
 * Both tables are treatment-side: they link internal patient ids to pseudonyms and never leave the service.
 */
export const DOMAIN_KEYS_DDL = `
CREATE TABLE IF NOT EXISTS pseudonym_domain_keys (
  domain         text        NOT NULL,
  key_version    integer     NOT NULL CHECK (key_version > 0),
  master_version integer     NOT NULL CHECK (master_version > 0),
  wrap_iv        bytea       NOT NULL,
  wrapped_key    bytea       NOT NULL,
  wrap_tag       bytea       NOT NULL,
  created_at     timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (domain, key_version)
);
CREATE TABLE IF NOT EXISTS pseudonym_registry (
  domain      text        NOT NULL,
  patient_id  text        NOT NULL,
  pseudonym   text        NOT NULL,
  key_version integer     NOT NULL,
  entered_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (domain, patient_id),
  UNIQUE (domain, pseudonym),
  FOREIGN KEY (domain, key_version) REFERENCES pseudonym_domain_keys (domain, key_version)
);`;

export interface StoredDomainKey extends WrappedKey {
  keyVersion: number;
}

export interface RegistryEntry {
  pseudonym: string;
  key: StoredDomainKey;
}

interface KeyRow {
  key_version: number;
  master_version: number;
  wrap_iv: Buffer;
  wrapped_key: Buffer;
  wrap_tag: Buffer;
}

const toKey = (r: KeyRow): StoredDomainKey => ({ keyVersion: r.key_version, masterVersion: r.master_version, iv: r.wrap_iv, ct: r.wrapped_key, tag: r.wrap_tag });
const KEY_COLUMNS = 'k.key_version, k.master_version, k.wrap_iv, k.wrapped_key, k.wrap_tag';

/** The domain's newest key, or undefined before its first use. */
export async function currentKey(db: Queryable, domain: PseudonymDomain): Promise<StoredDomainKey | undefined> {
  const { rows } = await db.query<KeyRow>(`SELECT ${KEY_COLUMNS} FROM pseudonym_domain_keys k WHERE domain = $1 ORDER BY key_version DESC LIMIT 1`, [domain]);
  return rows[0] && toKey(rows[0]);
}

export async function insertKey(db: Queryable, domain: PseudonymDomain, key: StoredDomainKey): Promise<void> {
  await db.query('INSERT INTO pseudonym_domain_keys (domain, key_version, master_version, wrap_iv, wrapped_key, wrap_tag) VALUES ($1, $2, $3, $4, $5, $6)', [
    domain, key.keyVersion, key.masterVersion, key.iv, key.ct, key.tag,
  ]);
}

/** One stored key per master version in use (the oldest key of each), to check the keyring opens them. */
export async function oneKeyPerMasterVersion(db: Queryable): Promise<{ domain: PseudonymDomain; key: StoredDomainKey }[]> {
  const { rows } = await db.query<KeyRow & { domain: string }>(`SELECT DISTINCT ON (master_version) k.domain, ${KEY_COLUMNS} FROM pseudonym_domain_keys k ORDER BY master_version, created_at`);
  return rows.flatMap((r) => {
    const domain = parseDomain(r.domain);
    return domain ? [{ domain, key: toKey(r) }] : [];
  });
}

/** Keys wrapped under another master version than `masterVersion`, locked for re-wrapping. */
export async function keysNotUnder(tx: Queryable, masterVersion: number): Promise<{ domain: PseudonymDomain; key: StoredDomainKey }[]> {
  const { rows } = await tx.query<KeyRow & { domain: string }>(`SELECT k.domain, ${KEY_COLUMNS} FROM pseudonym_domain_keys k WHERE master_version <> $1 ORDER BY domain, key_version FOR UPDATE`, [masterVersion]);
  return rows.map((r) => {
    const domain = parseDomain(r.domain);
    if (!domain) throw new Error(`pseudonym_domain_keys holds a key for ${JSON.stringify(r.domain)}, which is not a pseudonym domain`);
    return { domain, key: toKey(r) };
  });
}

export async function replaceWrapping(tx: Queryable, domain: PseudonymDomain, keyVersion: number, wrapped: WrappedKey): Promise<void> {
  await tx.query('UPDATE pseudonym_domain_keys SET master_version = $3, wrap_iv = $4, wrapped_key = $5, wrap_tag = $6 WHERE domain = $1 AND key_version = $2', [
    domain, keyVersion, wrapped.masterVersion, wrapped.iv, wrapped.ct, wrapped.tag,
  ]);
}

/**
 * Serialises the creation of a domain's keys (first use, rotation) until the transaction ends: two first uses
 * at once must not make two different version-1 keys, and two rotations must not both make version n+1.
 */
export async function lockDomain(db: Queryable, domain: PseudonymDomain): Promise<void> {
  await db.query("SELECT pg_advisory_xact_lock(hashtextextended('pseudonym-domain:' || $1, 0))", [domain]);
}

/** The patient's registry entry in the domain with the key it was made under, or undefined. */
export async function findEntry(db: Queryable, domain: PseudonymDomain, patientId: string): Promise<RegistryEntry | undefined> {
  const { rows } = await db.query<KeyRow & { pseudonym: string }>(
    `SELECT r.pseudonym, ${KEY_COLUMNS} FROM pseudonym_registry r JOIN pseudonym_domain_keys k USING (domain, key_version) WHERE r.domain = $1 AND r.patient_id = $2`,
    [domain, patientId],
  );
  return rows[0] && { pseudonym: rows[0].pseudonym, key: toKey(rows[0]) };
}

/** Records the patient's first entry; false when a concurrent first entry won (the caller reads that one). */
export async function insertEntry(db: Queryable, domain: PseudonymDomain, patientId: string, pseudonym: string, keyVersion: number): Promise<boolean> {
  const { rowCount } = await db.query('INSERT INTO pseudonym_registry (domain, patient_id, pseudonym, key_version) VALUES ($1, $2, $3, $4) ON CONFLICT (domain, patient_id) DO NOTHING', [
    domain, patientId, pseudonym, keyVersion,
  ]);
  return (rowCount ?? 0) > 0;
}

export async function patientOfPseudonym(db: Queryable, domain: PseudonymDomain, pseudonym: string): Promise<string | undefined> {
  const { rows } = await db.query<{ patient_id: string }>('SELECT patient_id FROM pseudonym_registry WHERE domain = $1 AND pseudonym = $2', [domain, pseudonym]);
  return rows[0]?.patient_id;
}

/** Deletes the patient's entries in the given domains; returns how many were deleted. */
export async function deleteEntries(db: Queryable, domains: PseudonymDomain[], patientId: string): Promise<number> {
  const { rowCount } = await db.query('DELETE FROM pseudonym_registry WHERE patient_id = $1 AND domain = ANY($2)', [patientId, domains]);
  return rowCount ?? 0;
}
