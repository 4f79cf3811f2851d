import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import type { Pool } from 'pg';
import { applySchema } from '@hub/event-store';
import { POOL } from '@hub/service-kit';
import { DOMAIN_KEYS_DDL } from './domains/domain-key.table';
import { KeyStoreDomains } from './domains/key-store-domains';
import { PATIENT_FACTS_DDL } from './facts/patient-facts';
import { RESEARCH_DDL } from './research/research.tables';

/**
 * The key store's, the facts' and the research door's tables, made before any consumer starts (module init
 * runs before application bootstrap, where consumers begin). Idempotent DDL under applySchema's lock. Then the
 * master key is checked against the stored domain keys, so a wrong key stops the start, not every message.
 */
@Injectable()
export class PseudonymStoreSchema implements OnModuleInit {
  constructor(
    @Inject(POOL) private readonly pool: Pool,
    @Inject(KeyStoreDomains) private readonly domains: KeyStoreDomains,
  ) {}

  async onModuleInit(): Promise<void> {
    await applySchema(this.pool, `${DOMAIN_KEYS_DDL}\n${PATIENT_FACTS_DDL}\n${RESEARCH_DDL}`);
    await this.domains.assertKeysOpen(this.pool);
  }
}
