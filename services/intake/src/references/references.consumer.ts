import { Injectable, type OnModuleInit } from '@nestjs/common';
import { TOPICS } from '@hub/contracts';
import type { EventHandlers } from '@hub/messaging';
import { ConsumerHost } from '@hub/service-kit';
import { REFERENCE_TABLES_DDL, rememberDispatch, rememberExpiry, rememberPackage, rememberQuestionnaire, rememberRetirement } from './reference-tables';
import { applySchema } from '@hub/event-store';

/** Keeps intake's copies of questionnaire versions, their packages and retirements, and dispatches current, from Kafka only. */
@Injectable()
export class ReferencesConsumer extends ConsumerHost implements OnModuleInit {
  protected readonly consumerName = 'intake-references';
  protected readonly topics = [TOPICS.questionnaireBank, TOPICS.dispatch];

  async onModuleInit(): Promise<void> {
    await applySchema(this.pool, REFERENCE_TABLES_DDL);
  }

  protected handlers(): EventHandlers {
    return {
      QuestionnairePublished: (event, tx) => rememberQuestionnaire(tx, event.data),
      QuestionnaireRetired: (event, tx) => rememberRetirement(tx, event.data),
      ProPackagePublished: (event, tx) => rememberPackage(tx, event.data),
      QuestionnaireDispatched: (event, tx) => rememberDispatch(tx, event.data),
      DispatchExpired: (event, tx) => rememberExpiry(tx, event.data),
    };
  }
}
