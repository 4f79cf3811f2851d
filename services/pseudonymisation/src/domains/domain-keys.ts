import { createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { buildKeyring, unwrapKey, wrapKey, type MasterKey, type MasterKeyring, type WrappedKey } from '@hub/subject-keys';
import { base32 } from '../quality-record/pseudonym';
import type { PseudonymDomain } from './pseudonym-domains';

/**
 * The pure crypto of pseudonym domains. Each domain has its own 32-byte random key per version; keys are
 * stored only wrapped (AES-256-GCM) under a key-encryption key derived from the configured master key, so the
 * database alone (a dump, a backup, a replica) gives no pseudonym and no way back to a patient.
 */

export const DOMAIN_KEY_BYTES = 32;

/**
 * The key-encryption key from the configured secret (base64 of at least 32 bytes): HKDF-SHA256 with a purpose label,
 * so a longer secret is used whole and the same secret given to another purpose by mistake yields another key.
 */
export function domainMasterKeyOf(secret: Buffer, version = 1): MasterKey {
  if (secret.length < DOMAIN_KEY_BYTES) throw new Error(`the pseudonym master key needs at least ${DOMAIN_KEY_BYTES} bytes`);
  return { version, key: Buffer.from(hkdfSync('sha256', secret, Buffer.alloc(0), 'pro-hub/pseudonym-domain-kek/v1', DOMAIN_KEY_BYTES)) };
}

/**
 * The master keys a store holds: the current one wraps new domain keys; retired ones only open keys not yet
 * re-wrapped (master key rotation). Dropping a retired key from the configuration after the re-wrap makes old
 * copies of the wrapped keys (backups, dead tuples) useless.
 */
export function domainKeyringOf(current: MasterKey, retired: MasterKey[] = []): MasterKeyring {
  return buildKeyring(current, retired, (version, currentVersion) => new Error(`pseudonym master key v${version} is not configured (current v${currentVersion}); keep it in PSEUDONYM_MASTER_KEYS_RETIRED until the master key rotation has re-wrapped its keys`));
}

/** A fresh domain key: 32 random bytes. */
export const newDomainKey = (): Buffer => randomBytes(DOMAIN_KEY_BYTES);

/** Binds the ciphertext to its row: a wrapped key copied to another domain or version does not unwrap. */
const contextOf = (domain: PseudonymDomain, keyVersion: number) => `pseudonym-domain-key/v1\n${domain}\n${keyVersion}`;

export function wrapDomainKey(master: MasterKey, domain: PseudonymDomain, keyVersion: number, key: Buffer, iv?: Buffer): WrappedKey {
  if (key.length !== DOMAIN_KEY_BYTES) throw new Error(`a domain key has ${DOMAIN_KEY_BYTES} bytes, not ${key.length}`);
  return wrapKey(master, contextOf(domain, keyVersion), key, iv);
}

/** Opens a wrapped domain key; throws when the master key is another one or anything was altered or moved. */
export function unwrapDomainKey(master: MasterKey, domain: PseudonymDomain, keyVersion: number, wrapped: WrappedKey): Buffer {
  if (wrapped.masterVersion !== master.version) throw new Error(`key v${keyVersion} of ${domain} is wrapped under master v${wrapped.masterVersion}, not v${master.version}`);
  const key = unwrapKey(master, contextOf(domain, keyVersion), wrapped, DOMAIN_KEY_BYTES);
  if (!key) throw new Error(`key v${keyVersion} of pseudonym domain ${domain} does not unwrap: wrong master key, or the stored key was altered`);
  return key;
}

/** Master key rotation for one stored key: the same domain key, wrapped under the new master key. */
export function rewrapDomainKey(from: MasterKey, to: MasterKey, domain: PseudonymDomain, keyVersion: number, wrapped: WrappedKey): WrappedKey {
  return wrapDomainKey(to, domain, keyVersion, unwrapDomainKey(from, domain, keyVersion, wrapped));
}

/**
 * A stable reference to one of the patient's records inside a domain: 26 lower-case base32 characters (130 bits)
 * of HMAC-SHA256(key, '<kind>:<id>'). Keyed with the same key version as the patient's pseudonym, so a record's
 * reference stays the same after the domain's key is rotated. Base32, not hex: its only digits are 2-7, so no
 * run of it can read as a date and month, and the privacy guard can never mistake a reference for a CPR number
 * (32 hex characters would, for about one record in a thousand, and that record would be dead-lettered).
 */
export function recordRefFor(key: Buffer, kind: string, id: string): string {
  return base32(createHmac('sha256', key).update(`${kind}:${id}`, 'utf8').digest(), 26).toLowerCase();
}
