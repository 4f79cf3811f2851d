import { hkdfSync } from 'node:crypto';
import type { Provider } from '@nestjs/common';
import { PSEUDONYM_KEY, type PseudonymMasterKeys } from '../pseudonymisation.config';
import { domainKeyringOf, domainMasterKeyOf } from './domain-keys';
import { KeyStoreDomains } from './key-store-domains';
import { PseudonymDomains } from './pseudonym-domains';

/**
 * The key store behind the PseudonymDomains seam (the research door also uses its extra operations: find,
 * rotate, forget). PSEUDONYM_KEY is interim, for the quality mapping that still hashes with one key: derived
 * from the master key for that purpose only, and to be dropped once the quality door enters patients through
 * PseudonymDomains.
 */
export function domainKeyProviders({ current, retired }: PseudonymMasterKeys): Provider[] {
  const keyring = domainKeyringOf(
    domainMasterKeyOf(current.secret, current.version),
    retired.map((r) => domainMasterKeyOf(r.secret, r.version)),
  );
  return [
    { provide: KeyStoreDomains, useValue: new KeyStoreDomains(keyring) },
    { provide: PseudonymDomains, useExisting: KeyStoreDomains },
    { provide: PSEUDONYM_KEY, useValue: Buffer.from(hkdfSync('sha256', current.secret, Buffer.alloc(0), 'pro-hub/interim-quality-pseudonym-key/v1', 32)) },
  ];
}
