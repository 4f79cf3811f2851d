import { Injectable } from '@nestjs/common';
import type { ConsumerStats, PartitionLag } from '@hub/messaging';

/** What /health and the metrics read from a running consumer. */
export interface ObservedConsumer {
  readonly name: string;
  lag(): Promise<PartitionLag[]>;
  stats(): ConsumerStats | undefined;
}

/**
 * The service's running consumers, so /health and the lag metrics can see every one of them without each
 * service listing its consumers twice. Per Nest application, not per process: in-process tests run several.
 */
@Injectable()
export class ConsumerRegistry {
  private readonly consumers = new Set<ObservedConsumer>();

  add(consumer: ObservedConsumer): void {
    this.consumers.add(consumer);
  }

  remove(consumer: ObservedConsumer): void {
    this.consumers.delete(consumer);
  }

  list(): ObservedConsumer[] {
    return [...this.consumers];
  }
}
