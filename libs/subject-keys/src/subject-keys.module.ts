import { Inject, Module, type OnModuleInit } from '@nestjs/common';
import type { Pool } from 'pg';
import { POOL } from '@hub/service-kit';
import { masterKeyringFromEnv } from './master-keyring';
import { createSubjectKeys, type SubjectKeys } from './subject-keys';

/** Injection token for the service's SubjectKeys. */
export const SUBJECT_KEYS = Symbol('SUBJECT_KEYS');

/**
 * Thin Nest wrapper: SubjectKeys on the service's own pool, master keys from SUBJECT_MASTER_KEY* (a bad
 * configuration stops the start with every problem listed), key tables created at start.
 */
@Module({
  providers: [{ provide: SUBJECT_KEYS, inject: [POOL], useFactory: (pool: Pool) => createSubjectKeys({ pool, keyring: masterKeyringFromEnv(process.env) }) }],
  exports: [SUBJECT_KEYS],
})
export class SubjectKeysModule implements OnModuleInit {
  constructor(@Inject(SUBJECT_KEYS) private readonly keys: SubjectKeys) {}

  async onModuleInit(): Promise<void> {
    await this.keys.ensureSchema();
  }
}
