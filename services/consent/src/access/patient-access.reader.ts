import { ACCESS_STATE_EVENT_TYPES, type AccessStateEvent } from '@hub/access-policy';
import { readStream, type Queryable } from '@hub/event-store';
import { blocksStreamId } from '../block/block.events';
import { careRelationshipsStreamId } from '../care-relationship/care-relationship.events';
import { patientStreamId } from '../patient/patient.events';

/** Every event that shapes one patient's access, from their three streams, in commit order. */
export async function readAccessEvents(db: Queryable, patientId: string): Promise<AccessStateEvent[]> {
  const streams = [patientStreamId(patientId), careRelationshipsStreamId(patientId), blocksStreamId(patientId)];
  const events = (await Promise.all(streams.map((s) => readStream(db, s)))).flat();
  events.sort((a, b) => (a.globalPosition < b.globalPosition ? -1 : a.globalPosition > b.globalPosition ? 1 : 0));
  return events.filter((e) => (ACCESS_STATE_EVENT_TYPES as string[]).includes(e.type)).map((e) => ({ type: e.type, data: e.data }) as AccessStateEvent);
}
