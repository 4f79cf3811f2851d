import type { Queryable } from '@hub/event-store';
import type { OrderFacts } from './order.decider';

/**
 * The status of a version in the bank's read table. Only `retired` is refused; the bank admits no drafts.
 * Read here rather than in bank/ so the bank's table stays the bank's concern.
 */
export async function questionnaireStatus(db: Queryable, url: string, version: string): Promise<OrderFacts['questionnaireStatus']> {
  const { rows } = await db.query<{ status: string | null }>("SELECT resource->>'status' AS status FROM questionnaires WHERE url = $1 AND version = $2", [url, version]);
  if (rows.length === 0) return 'unknown';
  return rows[0].status === 'retired' ? 'retired' : 'active';
}
