import { decideUnitRecordRead, type AccessRequest, type Actor } from '@hub/access-policy';
import type { Queryable } from '@hub/event-store';
import { denied, logAccess } from '@hub/service-kit';

/**
 * A read of one of a unit's records (an order, a dispatch): they name the patient and the questionnaire, so the
 * read is decided by the hub's access policy (decideUnitRecordRead), logged in the patient's access log whether
 * permitted or not, and refused (403) when denied. The log is written before anything is returned.
 */
export async function readUnitRecord<T extends { patientId: string; unitSor: string }>(db: Queryable, actor: Actor, kind: 'order' | 'dispatch', id: string, record: T, at: string): Promise<T> {
  const decision = decideUnitRecordRead(actor, record.unitSor);
  const request: AccessRequest = { actor, patientId: record.patientId.toLowerCase(), purpose: 'treatment', data: { kind }, at };
  await logAccess(db, request, decision, decision.effect === 'permit' ? [id.toLowerCase()] : []);
  if (decision.effect === 'deny') throw denied(`a ${actor.role} of ${actor.orgSor} may not read ${kind} ${id} of unit ${record.unitSor} (${decision.reason})`);
  return record;
}
