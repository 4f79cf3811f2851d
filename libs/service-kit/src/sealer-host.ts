import { Inject, Injectable, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import type { Pool } from 'pg';
import type { Logger as PinoLogger } from 'pino';
import { startSealer, type AuditSigningKey, type RunningSealer } from '@hub/event-store';
import { LOGGER, POOL, SERVICE_NAME } from './infrastructure';

/** The sealer's Ed25519 key, parsed from AUDIT_SIGNING_KEY at start. */
export const AUDIT_SIGNING_KEY = Symbol('AUDIT_SIGNING_KEY');

/**
 * Runs the service's sealer for its whole life: it sequences committed events and signs Merkle checkpoints of
 * the service's log, off the append path. On shutdown it finishes the batch in hand (one transaction).
 */
@Injectable()
export class SealerHost implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private sealer?: RunningSealer;
  constructor(
    @Inject(SERVICE_NAME) private readonly service: string,
    @Inject(POOL) private readonly pool: Pool,
    @Inject(AUDIT_SIGNING_KEY) private readonly key: AuditSigningKey,
    @Inject(LOGGER) private readonly logger: PinoLogger,
  ) {}

  onApplicationBootstrap(): void {
    this.sealer = startSealer({ log: this.service, pool: this.pool, key: this.key, logger: this.logger });
    this.logger.info({ log: this.service, keyId: this.key.keyId }, 'sealer started');
  }

  /** Seals everything committed so far (used by tests and operators). */
  drain(): Promise<number> {
    return this.sealer?.drain() ?? Promise.resolve(0);
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.sealer?.stop();
  }
}
