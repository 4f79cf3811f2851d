import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import type { Pool } from 'pg';
import { applySchema } from '@hub/event-store';
import { POOL } from '@hub/service-kit';
import { SUBSCRIPTIONS_DDL } from './subscriptions.table';

/** Creates the subscriptions table at start (idempotent DDL under applySchema's lock). */
@Injectable()
export class SubscriptionsTables implements OnModuleInit {
  constructor(@Inject(POOL) private readonly pool: Pool) {}

  async onModuleInit(): Promise<void> {
    await applySchema(this.pool, SUBSCRIPTIONS_DDL);
  }
}
