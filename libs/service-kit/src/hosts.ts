import { Inject, Injectable, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import type { Kafka, Producer } from 'kafkajs';
import type { Pool } from 'pg';
import type { Logger as PinoLogger } from 'pino';
import { connectProducer, guardProducer, startConsumer, startRelay, type ConsumerStats, type EventHandlers, type PartitionLag, type Relay, type RelayStats, type RunningConsumer } from '@hub/messaging';
import { ConsumerRegistry, type ObservedConsumer } from './consumer-registry';
import { KAFKA, LOGGER, POOL, PRODUCER, SERVICE_NAME } from './infrastructure';

/** Runs the service's outbox relay for its whole life; on shutdown it finishes the batch in hand. */
@Injectable()
export class RelayHost implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private relay?: Relay;
  constructor(
    @Inject(SERVICE_NAME) private readonly service: string,
    @Inject(POOL) private readonly pool: Pool,
    @Inject(KAFKA) private readonly kafka: Kafka,
    @Inject(LOGGER) private readonly logger: PinoLogger,
  ) {}

  onApplicationBootstrap(): void {
    // The relay owns its producer, so it can replace it after a failed send (see RelayOptions.producer).
    this.relay = startRelay({ name: `${this.service}-relay`, pool: this.pool, producer: async () => guardProducer(await connectProducer(this.kafka), this.service), logger: this.logger });
  }

  /** Throughput and failure counters, for /health. */
  stats(): RelayStats | undefined {
    return this.relay?.stats();
  }

  /** Publishes everything committed so far (used by tests and by shutdown). */
  drain(): Promise<number> {
    return this.relay?.drain() ?? Promise.resolve(0);
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.relay?.stop();
  }
}

/**
 * Base for a service's Kafka consumer: subclasses name the topics and the handlers; consumption starts
 * once the app is up and stops (finishing the message in hand) before connections close.
 */
export abstract class ConsumerHost implements OnApplicationBootstrap, BeforeApplicationShutdown, ObservedConsumer {
  protected abstract readonly consumerName: string;
  protected abstract readonly topics: string[];
  protected abstract handlers(): EventHandlers;
  private running?: RunningConsumer;

  constructor(
    @Inject(KAFKA) private readonly kafka: Kafka,
    @Inject(POOL) protected readonly pool: Pool,
    @Inject(PRODUCER) private readonly producer: Producer,
    @Inject(LOGGER) protected readonly logger: PinoLogger,
    @Inject(ConsumerRegistry) private readonly registry: ConsumerRegistry,
  ) {}

  get name(): string {
    return this.consumerName;
  }

  async onApplicationBootstrap(): Promise<void> {
    this.registry.add(this);
    this.running = await startConsumer({
      name: this.consumerName,
      kafka: this.kafka,
      pool: this.pool,
      producer: this.producer,
      topics: this.topics,
      handlers: this.handlers(),
      logger: this.logger,
    });
  }

  /** Lag per partition against the database's offsets (empty before the consumer started). */
  lag(): Promise<PartitionLag[]> {
    return this.running?.lag() ?? Promise.resolve([]);
  }

  stats(): ConsumerStats | undefined {
    return this.running?.stats();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.registry.remove(this);
    await this.running?.stop();
  }
}
