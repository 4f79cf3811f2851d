import { Inject, Injectable, type BeforeApplicationShutdown, type OnApplicationBootstrap, type OnModuleInit } from '@nestjs/common';
import type { Pool } from 'pg';
import type { Logger as PinoLogger } from 'pino';
import { LOGGER, POOL } from '@hub/service-kit';
import { CLOCK, type Clock } from './clock';
import { DispatchConfig } from './dispatch.config';
import { DUE_WORK_DDL } from './due-work.table';
import { runTick, type TickResult } from './scheduler';
import { applySchema } from '@hub/event-store';

export const DISPATCH_CONFIG = Symbol('DISPATCH_CONFIG');

/**
 * Runs the scheduler every SCHEDULER_INTERVAL_MS against the system clock; stops after the tick in hand. On a
 * controlled clock it ticks only when the clock is moved (`POST /admin/clock`, which may repeat the same time),
 * so a test sees each tick's work in that call's answer instead of racing a background tick for it.
 */
@Injectable()
export class SchedulerHost implements OnModuleInit, OnApplicationBootstrap, BeforeApplicationShutdown {
  private stopped = false;
  private timer?: NodeJS.Timeout;
  private running: Promise<unknown> = Promise.resolve();

  constructor(
    @Inject(POOL) private readonly pool: Pool,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(LOGGER) private readonly logger: PinoLogger,
    @Inject(DISPATCH_CONFIG) private readonly config: DispatchConfig,
  ) {}

  /** Before any consumer or route runs: they all write due work. */
  async onModuleInit(): Promise<void> {
    await applySchema(this.pool, DUE_WORK_DDL);
  }

  onApplicationBootstrap(): void {
    if (this.clock.mode === 'system') this.schedule();
  }

  /** One tick at the clock's now; also what `POST /admin/clock` runs after moving the clock. */
  tick(): Promise<TickResult> {
    const tick = runTick(this.pool, this.clock.now(), this.logger);
    this.running = tick.catch(() => undefined);
    return tick;
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.tick()
        .then((r) => (r.occurrence + r.reminder + r.expiry > 0 ? this.logger.info({ tick: r }, 'scheduler tick') : undefined))
        .catch((err: unknown) => this.logger.error({ err }, 'scheduler tick failed'))
        .finally(() => this.schedule());
    }, this.config.SCHEDULER_INTERVAL_MS);
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }
}
