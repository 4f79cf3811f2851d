import { Injectable, type OnModuleInit } from '@nestjs/common';
import { ACCESS_REPLICA_DDL, accessReplicaHandlers } from '@hub/access-replica';
import { TOPICS } from '@hub/contracts';
import type { EventHandlers } from '@hub/messaging';
import { ConsumerHost } from '@hub/service-kit';

/** Keeps intake's replica of patients' access state current from the consent topic, effectively once (inbox). */
@Injectable()
export class ConsentConsumer extends ConsumerHost implements OnModuleInit {
  protected readonly consumerName = 'intake-consent';
  protected readonly topics = [TOPICS.consent];

  async onModuleInit(): Promise<void> {
    await this.pool.query(ACCESS_REPLICA_DDL);
  }

  protected handlers(): EventHandlers {
    return accessReplicaHandlers();
  }
}
