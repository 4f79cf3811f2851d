import type { QuestionnaireResponseAccepted, QuestionnaireResponseScored } from '@hub/contracts';
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

/** What the worklist needs beyond the accepted response: its latest triage colour, and whether it was entered in error. */
export interface ResponseOutcome {
  colour?: QuestionnaireResponseScored['triage']['colour'];
  enteredInError: boolean;
}

/** Per response id, folded from its stream's Scored and EnteredInError events (an amendment's scoring comes later). */
export async function responseOutcomes(db: Queryable, responseIds: string[]): Promise<Map<string, ResponseOutcome>> {
  const outcomes = new Map<string, ResponseOutcome>(responseIds.map((id) => [id, { enteredInError: false }]));
  if (responseIds.length === 0) return outcomes;
  const { rows } = await db.query<{ type: string; data: { responseId: string } & Partial<QuestionnaireResponseScored> }>(
    `SELECT type, data FROM events WHERE stream_id = ANY($1) AND type IN ('QuestionnaireResponseScored', 'QuestionnaireResponseEnteredInError') ORDER BY global_position`,
    [responseIds.map(responseStreamId)],
  );
  for (const { type, data } of rows) {
    const outcome = outcomes.get(data.responseId);
    if (!outcome) continue;
    if (type === 'QuestionnaireResponseEnteredInError') outcome.enteredInError = true;
    else if (data.triage) outcome.colour = data.triage.colour;
  }
  return outcomes;
}
