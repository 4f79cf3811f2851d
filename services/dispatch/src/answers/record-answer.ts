import type { PoolClient } from 'pg';
import type { QuestionnaireResponseAccepted } from '@hub/contracts';
import { dispatchDecider } from '../dispatch/dispatch.decider';
import { dispatchStreamId } from '../dispatch/dispatch.events';
import { decideInTransaction } from '../scheduling/decide-in-transaction';
import { settleDispatch } from '../scheduling/due-work.table';

/**
 * Records that intake accepted an answer to a dispatch, and drops its pending reminder and expiry, in the
 * consumer's transaction. Only the fact, the time and the late flag: the answer's content stays with intake.
 */
export async function recordAnswer(tx: PoolClient, accepted: Pick<QuestionnaireResponseAccepted, 'dispatchId' | 'responseId' | 'receivedAt' | 'late'>): Promise<void> {
  const { dispatchId, responseId, receivedAt, late } = accepted;
  await decideInTransaction(tx, dispatchStreamId(dispatchId), dispatchDecider, { type: 'RecordAnswer', dispatchId, responseId, receivedAt, late });
  await settleDispatch(tx, dispatchId);
}
