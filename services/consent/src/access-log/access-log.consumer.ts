import { Injectable, type OnModuleInit } from '@nestjs/common';
import { TOPICS } from '@hub/contracts';
import { applySchema } from '@hub/event-store';
import type { EventHandlers } from '@hub/messaging';
import { ConsumerHost } from '@hub/service-kit';
import { ACCESS_LOG_DDL, recordAccess } from './access-log.table';

/** Collects every service's access decisions from the access-log topic, effectively once, into the access log. */
@Injectable()
export class AccessLogConsumer extends ConsumerHost implements OnModuleInit {
  protected readonly consumerName = 'consent-access-log';
  protected readonly topics = [TOPICS.accessLog];

  async onModuleInit(): Promise<void> {
    await applySchema(this.pool, ACCESS_LOG_DDL);
  }

  protected handlers(): EventHandlers {
    return { AccessDecided: (event, tx) => recordAccess(tx, event.data) };
  }
}
