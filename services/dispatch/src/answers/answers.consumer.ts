import { Injectable } from '@nestjs/common';
import { TOPICS } from '@hub/contracts';
import type { EventHandlers } from '@hub/messaging';
import { ConsumerHost } from '@hub/service-kit';
import { recordAnswer } from './record-answer';

/** Learns from intake's topic that a dispatch was answered, so the scheduler neither reminds nor expires it. */
@Injectable()
export class AnswersConsumer extends ConsumerHost {
  protected readonly consumerName = 'dispatch-answers';
  protected readonly topics = [TOPICS.intake];

  protected handlers(): EventHandlers {
    return { QuestionnaireResponseAccepted: (event, tx) => recordAnswer(tx, event.data) };
  }
}
