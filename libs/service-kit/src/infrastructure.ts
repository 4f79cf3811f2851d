import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import type { Admin, Kafka, Producer } from 'kafkajs';
import { Pool } from 'pg';
import type { Logger as PinoLogger } from 'pino';
import { ensureEventStoreSchema } from '@hub/event-store';
import { connectProducer, createKafka, guardProducer } from '@hub/messaging';

export const POOL = Symbol('POOL');
export const KAFKA = Symbol('KAFKA');
export const PRODUCER = Symbol('PRODUCER');
export const LOGGER = Symbol('LOGGER');
export const SERVICE_NAME = Symbol('SERVICE_NAME');

export interface Infrastructure {
  pool: Pool;
  kafka: Kafka;
  producer: Producer;
  admin: Admin;
}

/** Connects to Postgres (creating the event store schema) and Kafka, failing fast with a clear message. */
export async function connectInfrastructure(service: string, databaseUrl: string, brokers: string, logger: PinoLogger): Promise<Infrastructure> {
  const pool = new Pool({ connectionString: databaseUrl, max: 10, application_name: `pro-hub-${service}` });
  pool.on('error', (err) => logger.warn({ err }, 'idle database connection failed'));
  await ensureEventStoreSchema(pool);
  const kafka = createKafka(`pro-hub-${service}`, brokers.split(','), logger);
  const producer = guardProducer(await connectProducer(kafka), service);
  const admin = kafka.admin();
  await admin.connect();
  return { pool, kafka, producer, admin };
}

/** Closes connections last, after consumers and relays (which depend on them) have stopped. */
@Injectable()
export class InfrastructureCloser implements OnApplicationShutdown {
  constructor(
    @Inject(POOL) private readonly pool: Pool,
    @Inject(PRODUCER) private readonly producer: Producer,
    @Inject(KAFKA) private readonly kafka: Kafka,
    @Inject(LOGGER) private readonly logger: PinoLogger,
    @Inject('ADMIN') private readonly admin: Admin,
  ) {}

  async onApplicationShutdown(signal?: string): Promise<void> {
    this.logger.info({ signal, client: this.kafka.constructor.name }, 'closing connections');
    await this.producer.disconnect().catch(() => undefined);
    await this.admin.disconnect().catch(() => undefined);
    await this.pool.end().catch(() => undefined);
  }
}
