import { Inject, Injectable } from '@nestjs/common';
import type { PoolClient } from 'pg';
import { PSEUDONYM_KEY } from '../pseudonymisation.config';
import { dispatchRefFor, pseudonymFor } from '../quality-record/pseudonym';
import { PseudonymDomains, type PatientInDomain, type PseudonymDomain } from './pseudonym-domains';

/**
 * Interim implementation: the quality domain under the single configured key, research refused. Replaced by
 * the key store (envelope-encrypted, versioned domain keys with a pseudonym registry).
 */
@Injectable()
export class StaticKeyDomains extends PseudonymDomains {
  @Inject(PSEUDONYM_KEY) private readonly key!: Buffer;

  async enter(_tx: PoolClient, domain: PseudonymDomain, patientId: string): Promise<PatientInDomain> {
    if (domain !== 'quality') throw new Error(`no key for pseudonym domain ${domain}`);
    const key = this.key;
    return { domain, pseudonym: pseudonymFor(key, patientId), ref: (kind, id) => (kind === 'dispatch' ? dispatchRefFor(key, id) : dispatchRefFor(key, `${kind}:${id}`)) };
  }

  async patientOf(): Promise<string | undefined> {
    return undefined;
  }
}
