import { Injectable, type OnModuleInit } from '@nestjs/common';
import { ACCESS_REPLICA_DDL, accessReplicaHandlers } from '@hub/access-replica';
import { TOPICS } from '@hub/contracts';
import type { EventHandlers } from '@hub/messaging';
import { ConsumerHost } from '@hub/service-kit';

/**
 * Dispatch's replica of care relationships and blocks, from the consent topic: a consumer of its own (not the
 * known-patients one), so ordering work on known patients and this access rule merge independently.
 */
@Injectable()
export class CareAccessConsumer extends ConsumerHost implements OnModuleInit {
  protected readonly consumerName = 'dispatch-care-access';
  protected readonly topics = [TOPICS.consent];

  async onModuleInit(): Promise<void> {
    await this.pool.query(ACCESS_REPLICA_DDL);
  }

  protected handlers(): EventHandlers {
    return accessReplicaHandlers();
  }
}
