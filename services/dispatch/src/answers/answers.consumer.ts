import { Injectable } from '@nestjs/common';
import { TOPICS } from '@hub/contracts';
import type { EventHandlers } from '@hub/messaging';
import { ConsumerHost } from '@hub/service-kit';
import { dispatchDecider } from '../dispatch/dispatch.decider';
import { dispatchStreamId } from '../dispatch/dispatch.events';
import { decideInTransaction } from '../scheduling/decide-in-transaction';
import { settleDispatch } from '../scheduling/due-work.table';

/**
 * Learns from intake's topic that a dispatch was answered, so the scheduler neither reminds nor expires it.
 * The answer's content stays with intake: dispatch records only that, when and whether late.
 */
@Injectable()
export class AnswersConsumer extends ConsumerHost {
  protected readonly consumerName = 'dispatch-answers';
  protected readonly topics = [TOPICS.intake];

  protected handlers(): EventHandlers {
    return {
      QuestionnaireResponseAccepted: async (event, tx) => {
        const { dispatchId, responseId, receivedAt, late } = event.data;
        await decideInTransaction(tx, dispatchStreamId(dispatchId), dispatchDecider, { type: 'RecordAnswer', dispatchId, responseId, receivedAt, late });
        await settleDispatch(tx, dispatchId);
      },
    };
  }
}
