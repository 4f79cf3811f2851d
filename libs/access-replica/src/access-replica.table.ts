import type { PoolClient } from 'pg';
import { accessStateAsOf, type AccessStateEvent, type PatientAccessState } from '@hub/access-policy';
import type { Queryable } from '@hub/event-store';

/**
 * A service's replica of each patient's care relationships, blocks, overrides and consents: the consent events
 * themselves, learned from the consent topic, folded with the same function the consent service uses. Keeping
 * the events (not a derived row) lets the service answer "as of" too, and needs no migration when the policy changes.
 */
export const ACCESS_REPLICA_DDL = `
CREATE TABLE IF NOT EXISTS patient_access_events (
  seq        bigserial   PRIMARY KEY,
  event_id   uuid        NOT NULL UNIQUE,
  patient_id uuid        NOT NULL,
  type       text        NOT NULL,
  data       jsonb       NOT NULL
);
CREATE INDEX IF NOT EXISTS patient_access_events_patient ON patient_access_events (patient_id, seq);`;

export async function rememberAccessEvent(tx: PoolClient, eventId: string, event: AccessStateEvent): Promise<void> {
  await tx.query('INSERT INTO patient_access_events (event_id, patient_id, type, data) VALUES ($1, $2, $3, $4) ON CONFLICT (event_id) DO NOTHING', [
    eventId,
    event.data.patientId,
    event.type,
    JSON.stringify(event.data),
  ]);
}

/**
 * Events arrive in order per stream (one Kafka key); a patient's three streams describe independent things
 * (consents, care, blocks), so arrival order across them does not change the fold.
 */
export async function loadAccessState(db: Queryable, patientId: string, asOf?: string): Promise<PatientAccessState> {
  const { rows } = await db.query<{ type: AccessStateEvent['type']; data: AccessStateEvent['data'] }>('SELECT type, data FROM patient_access_events WHERE patient_id = $1 ORDER BY seq', [patientId]);
  return accessStateAsOf(rows.map((r) => ({ type: r.type, data: r.data }) as AccessStateEvent), asOf);
}
