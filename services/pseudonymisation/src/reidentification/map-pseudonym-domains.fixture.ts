import { randomInt } from 'node:crypto';
import type { PoolClient } from 'pg';
import { PseudonymDomains, type PatientInDomain, type PseudonymDomain } from '../domains/pseudonym-domains';

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const CHECK = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const pick = (alphabet: string, n: number) => Array.from({ length: n }, () => alphabet[randomInt(alphabet.length)]).join('');

/**
 * Pseudonym domains for tests: a registry in a Map, so re-identification can be tested while the key store
 * (another piece of work) is not there. Pseudonyms have the quality pseudonym's shape; they are random, not keyed.
 */
export class MapPseudonymDomains extends PseudonymDomains {
  private readonly pseudonyms = new Map<string, string>();
  private readonly patients = new Map<string, string>();

  async enter(_tx: PoolClient, domain: PseudonymDomain, patientId: string): Promise<PatientInDomain> {
    const key = `${domain}|${patientId}`;
    let pseudonym = this.pseudonyms.get(key);
    if (!pseudonym) {
      pseudonym = pick(BASE32, 16) + pick(CHECK, 1);
      this.pseudonyms.set(key, pseudonym);
      this.patients.set(`${domain}|${pseudonym}`, patientId);
    }
    return { domain, pseudonym, ref: (kind, id) => `${kind}:${id}` };
  }

  async patientOf(_tx: PoolClient, domain: PseudonymDomain, pseudonym: string): Promise<string | undefined> {
    return this.patients.get(`${domain}|${pseudonym}`);
  }
}
