import type { PoolClient } from 'pg';
import type { Queryable } from '@hub/event-store';
import { pseudonymFor } from '../quality-record/pseudonym';
import type { MasterKeyring } from '@hub/subject-keys';
import { newDomainKey, recordRefFor, rewrapDomainKey, unwrapDomainKey, wrapDomainKey } from './domain-keys';
import { currentKey, deleteEntries, findEntry, insertEntry, insertKey, keysNotUnder, lockDomain, oneKeyPerMasterVersion, patientOfPseudonym, replaceWrapping, type RegistryEntry, type StoredDomainKey } from './domain-key.table';
import { PseudonymDomains, type PatientInDomain, type PseudonymDomain } from './pseudonym-domains';

/**
 * Pseudonym domains backed by the key store: versioned, envelope-encrypted domain keys (made on first use)
 * and the pseudonym registry. A patient's pseudonym is the keyed hash under the key version current at their
 * first entry and is looked up afterwards, so rotating a domain key never breaks following a patient.
 */
export class KeyStoreDomains extends PseudonymDomains {
  constructor(private readonly keyring: MasterKeyring) {
    super();
  }

  async enter(tx: PoolClient, domain: PseudonymDomain, patientId: string): Promise<PatientInDomain> {
    const known = await findEntry(tx, domain, patientId);
    if (known) return this.inDomain(domain, known);
    const key = await this.currentOrFirstKey(tx, domain);
    const pseudonym = pseudonymFor(this.open(domain, key), patientId);
    if (await insertEntry(tx, domain, patientId, pseudonym, key.keyVersion)) return this.inDomain(domain, { pseudonym, key });
    // A concurrent first entry of the same patient committed first: theirs is the patient's pseudonym.
    return this.inDomain(domain, (await findEntry(tx, domain, patientId))!);
  }

  /** The patient in the domain if they were ever entered; never creates an entry or a key. */
  async find(db: Queryable, domain: PseudonymDomain, patientId: string): Promise<PatientInDomain | undefined> {
    const known = await findEntry(db, domain, patientId);
    return known && this.inDomain(domain, known);
  }

  async patientOf(tx: PoolClient, domain: PseudonymDomain, pseudonym: string): Promise<string | undefined> {
    return patientOfPseudonym(tx, domain, pseudonym);
  }

  /** Makes the domain's next key version (version 1 for a domain never used); new patients get it from now on. */
  async rotate(tx: PoolClient, domain: PseudonymDomain): Promise<{ domain: PseudonymDomain; keyVersion: number }> {
    await lockDomain(tx, domain);
    const keyVersion = ((await currentKey(tx, domain))?.keyVersion ?? 0) + 1;
    await insertKey(tx, domain, { keyVersion, ...wrapDomainKey(this.keyring.current, domain, keyVersion, newDomainKey()) });
    return { domain, keyVersion };
  }

  /**
   * Master key rotation: every domain key still wrapped under an earlier master key is re-wrapped under the
   * current one (the domain keys themselves, and so every pseudonym, stay the same). Returns how many.
   */
  async rewrapUnderCurrentMaster(tx: PoolClient): Promise<{ masterVersion: number; rewrapped: number }> {
    const current = this.keyring.current;
    const stale = await keysNotUnder(tx, current.version);
    for (const { domain, key } of stale) {
      await replaceWrapping(tx, domain, key.keyVersion, rewrapDomainKey(this.keyring.byVersion(key.masterVersion), current, domain, key.keyVersion, key));
    }
    return { masterVersion: current.version, rewrapped: stale.length };
  }

  /**
   * Throws unless the configured master keys open the stored domain keys (one per master version is tried):
   * a service started with another master key would otherwise fail on every patient, message by message.
   */
  async assertKeysOpen(db: Queryable): Promise<void> {
    for (const { domain, key } of await oneKeyPerMasterVersion(db)) {
      try {
        this.open(domain, key);
      } catch (err) {
        throw new Error(`PSEUDONYM_MASTER_KEY does not open the stored pseudonym domain keys (${(err as Error).message}); start with the master key they were made under`);
      }
    }
  }

  /** The newest key version of the domain, 0 before its first use. */
  async keyVersionOf(db: Queryable, domain: PseudonymDomain): Promise<number> {
    return (await currentKey(db, domain))?.keyVersion ?? 0;
  }

  /**
   * Crypto-shredding of the patient in the given domains: the registry rows are the only link from a
   * pseudonym back to the internal patient id, so once they are gone this service cannot re-identify the
   * patient's released records. Recomputing the pseudonym would need the patient id, and after the consent
   * service's erasure that id leads to no one (the CPR number is shredded there).
   */
  async forget(tx: PoolClient, domains: PseudonymDomain[], patientId: string): Promise<number> {
    return deleteEntries(tx, domains, patientId);
  }

  private async currentOrFirstKey(tx: PoolClient, domain: PseudonymDomain): Promise<StoredDomainKey> {
    const current = await currentKey(tx, domain);
    if (current) return current;
    await lockDomain(tx, domain);
    // Read again under the lock: a concurrent first use may have made the key and committed meanwhile.
    const made = await currentKey(tx, domain);
    if (made) return made;
    const key = { keyVersion: 1, ...wrapDomainKey(this.keyring.current, domain, 1, newDomainKey()) };
    await insertKey(tx, domain, key);
    return key;
  }

  private open(domain: PseudonymDomain, key: StoredDomainKey): Buffer {
    return unwrapDomainKey(this.keyring.byVersion(key.masterVersion), domain, key.keyVersion, key);
  }

  private inDomain(domain: PseudonymDomain, entry: RegistryEntry): PatientInDomain {
    const key = this.open(domain, entry.key);
    return { domain, pseudonym: entry.pseudonym, ref: (kind, id) => recordRefFor(key, kind, id) };
  }
}
