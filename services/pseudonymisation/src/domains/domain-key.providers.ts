import type { Provider } from '@nestjs/common';
import type { PseudonymMasterKeys } from '../pseudonymisation.config';
import { domainKeyringOf, domainMasterKeyOf } from './domain-keys';
import { KeyStoreDomains } from './key-store-domains';
import { PseudonymDomains } from './pseudonym-domains';

/** The key store behind the PseudonymDomains seam (the research door also uses its extra operations: find, rotate, forget). */
export function domainKeyProviders({ current, retired }: PseudonymMasterKeys): Provider[] {
  const keyring = domainKeyringOf(
    domainMasterKeyOf(current.secret, current.version),
    retired.map((r) => domainMasterKeyOf(r.secret, r.version)),
  );
  return [
    { provide: KeyStoreDomains, useValue: new KeyStoreDomains(keyring) },
    { provide: PseudonymDomains, useExisting: KeyStoreDomains },
  ];
}
