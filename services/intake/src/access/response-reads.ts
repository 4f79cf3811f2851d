import type { QuestionnaireResponseAccepted } from '@hub/contracts';
import type { Queryable } from '@hub/event-store';
import { responseStreamId } from '../response/response.events';

/** An accepted response as the read side needs it: whose it is, when it was recorded, the resource. */
export interface StoredResponse {
  responseId: string;
  patientId: string;
  unitSor: string;
  receivedAt: string;
  resource: QuestionnaireResponseAccepted['response'];
}

const toStored = (d: QuestionnaireResponseAccepted): StoredResponse => ({ responseId: d.responseId, patientId: d.patientId, unitSor: d.unitSor, receivedAt: d.receivedAt, resource: d.response });

// Read straight from intake's own event table: accepted responses are immutable, so the events are the read model.
export async function responsesOfPatient(db: Queryable, patientId: string): Promise<StoredResponse[]> {
  const { rows } = await db.query<{ data: QuestionnaireResponseAccepted }>(
    "SELECT data FROM events WHERE type = 'QuestionnaireResponseAccepted' AND data->>'patientId' = $1 ORDER BY global_position",
    [patientId],
  );
  return rows.map((r) => toStored(r.data));
}

export async function responsesForUnit(db: Queryable, unitSor: string): Promise<StoredResponse[]> {
  const { rows } = await db.query<{ data: QuestionnaireResponseAccepted }>(
    "SELECT data FROM events WHERE type = 'QuestionnaireResponseAccepted' AND data->>'unitSor' = $1 ORDER BY global_position",
    [unitSor],
  );
  return rows.map((r) => toStored(r.data));
}

export async function responseById(db: Queryable, responseId: string): Promise<StoredResponse | undefined> {
  const { rows } = await db.query<{ data: QuestionnaireResponseAccepted }>("SELECT data FROM events WHERE type = 'QuestionnaireResponseAccepted' AND stream_id = $1", [responseStreamId(responseId)]);
  return rows[0] ? toStored(rows[0].data) : undefined;
}
