import { Controller, Get, HttpStatus, Inject, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { Admin } from 'kafkajs';
import type { Pool } from 'pg';
import { Public } from './auth/auth.decorators';
import { ConsumerRegistry } from './consumer-registry';
import { RelayHost } from './hosts';
import { POOL } from './infrastructure';

type Check = 'up' | 'down';

/** A result within the time limit, or undefined: /health must answer even when a dependency hangs. */
async function within<T>(work: () => Promise<T>, timeoutMs = 2000): Promise<T | undefined> {
  try {
    return await Promise.race([work(), new Promise<never>((_, reject) => setTimeout(() => reject(new Error('timeout')), timeoutMs))]);
  } catch {
    return undefined;
  }
}

async function probe(work: () => Promise<unknown>, timeoutMs = 2000): Promise<Check> {
  try {
    await Promise.race([work(), new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), timeoutMs))]);
    return 'up';
  } catch {
    return 'down';
  }
}

/**
 * Liveness and readiness in one: 200 when both the database and the broker answer, 503 otherwise. The relay's
 * throughput and failure streak and each consumer's lag are reported alongside (details, not part of the
 * verdict: a relay waiting out a broker outage is already visible as kafka "down", and lag is a load signal).
 */
@ApiTags('health')
@Public()
@Controller('health')
export class HealthController {
  constructor(
    @Inject(POOL) private readonly pool: Pool,
    @Inject('ADMIN') private readonly admin: Admin,
    private readonly relay: RelayHost,
    private readonly consumers: ConsumerRegistry,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Database and Kafka reachability' })
  async health(@Res() res: Response): Promise<void> {
    const [database, kafka, consumers] = await Promise.all([probe(() => this.pool.query('SELECT 1')), probe(() => this.admin.describeCluster()), this.consumerReport()]);
    const ok = database === 'up' && kafka === 'up';
    res.status(ok ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE).json({ status: ok ? 'ok' : 'unavailable', checks: { database, kafka }, relay: this.relay.stats() ?? null, consumers });
  }

  /** Per consumer: total lag (null when it could not be measured in time), the lag per partition, and its counters. */
  private consumerReport() {
    return Promise.all(
      this.consumers.list().map(async (c) => {
        const partitions = await within(() => c.lag());
        return { name: c.name, lag: partitions ? partitions.reduce((sum, p) => sum + p.lag, 0) : null, partitions: partitions ?? null, ...c.stats() };
      }),
    );
  }
}
