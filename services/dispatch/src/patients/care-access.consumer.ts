import { Injectable, type OnModuleInit } from '@nestjs/common';
import { ACCESS_REPLICA_DDL, accessReplicaHandlers } from '@hub/access-replica';
import { TOPICS } from '@hub/contracts';
import type { EventHandlers } from '@hub/messaging';
import { ConsumerHost } from '@hub/service-kit';
import { stopOrdersOnBlock, stopOrdersOnCareEnded } from './stop-orders-on-access';

/**
 * Dispatch's replica of care relationships and blocks, from the consent topic: a consumer of its own (not the
 * known-patients one), so ordering work on known patients and this access rule merge independently. When care
 * ends or a block starts, the orders the unit may no longer place are stopped in the same inbox transaction
 * as the replica row, after it, so the re-check sees the event.
 */
@Injectable()
export class CareAccessConsumer extends ConsumerHost implements OnModuleInit {
  protected readonly consumerName = 'dispatch-care-access';
  protected readonly topics = [TOPICS.consent];

  async onModuleInit(): Promise<void> {
    await this.pool.query(ACCESS_REPLICA_DDL);
  }

  protected handlers(): EventHandlers {
    const replica = accessReplicaHandlers();
    return {
      ...replica,
      CareRelationshipEnded: async (event, tx) => {
        await replica.CareRelationshipEnded?.(event, tx);
        await stopOrdersOnCareEnded(tx, event);
      },
      AccessBlocked: async (event, tx) => {
        await replica.AccessBlocked?.(event, tx);
        await stopOrdersOnBlock(tx, event);
      },
    };
  }
}
