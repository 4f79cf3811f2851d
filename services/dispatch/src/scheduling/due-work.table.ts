import type { PoolClient } from 'pg';
import type { Queryable } from '@hub/event-store';

/**
 * What falls due when: the scheduler's index of next due times. One row per pending piece of work (an order's
 * next occurrence, a dispatch's reminder, a dispatch's expiry), written in the same transaction as the events
 * that create or settle it, so the table never disagrees with the event store. Rebuildable from the events.
 */
export const DUE_WORK_DDL = `
CREATE TABLE IF NOT EXISTS due_work (
  work_key    text        PRIMARY KEY,
  kind        text        NOT NULL CHECK (kind IN ('occurrence', 'reminder', 'expiry')),
  due_at      timestamptz NOT NULL,
  order_id    uuid,
  occurrence  integer,
  dispatch_id uuid,
  patient_id  uuid        NOT NULL,
  unit_sor    text        NOT NULL
);
CREATE INDEX IF NOT EXISTS due_work_due_at ON due_work (due_at);
CREATE INDEX IF NOT EXISTS due_work_patient ON due_work (patient_id, unit_sor);`;

export type DueWork =
  | { kind: 'occurrence'; orderId: string; occurrence: number; dueAt: string; patientId: string; unitSor: string }
  | { kind: 'reminder' | 'expiry'; orderId?: string; dispatchId: string; dueAt: string; patientId: string; unitSor: string };

interface DueWorkRow {
  work_key: string;
  kind: DueWork['kind'];
  due_at: Date;
  order_id: string | null;
  occurrence: number | null;
  dispatch_id: string | null;
  patient_id: string;
  unit_sor: string;
}

const keyOf = (w: DueWork) => (w.kind === 'occurrence' ? `occurrence:${w.orderId}:${w.occurrence}` : `${w.kind}:${w.dispatchId}`);

function fromRow(r: DueWorkRow): DueWork & { key: string } {
  const base = { key: r.work_key, dueAt: r.due_at.toISOString(), patientId: r.patient_id, unitSor: r.unit_sor };
  if (r.kind === 'occurrence') return { ...base, kind: 'occurrence', orderId: r.order_id!, occurrence: r.occurrence! };
  return { ...base, kind: r.kind, dispatchId: r.dispatch_id!, ...(r.order_id ? { orderId: r.order_id } : {}) };
}

export async function scheduleWork(tx: PoolClient, work: DueWork): Promise<void> {
  await tx.query(
    `INSERT INTO due_work (work_key, kind, due_at, order_id, occurrence, dispatch_id, patient_id, unit_sor)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (work_key) DO NOTHING`,
    [keyOf(work), work.kind, work.dueAt, work.orderId ?? null, work.kind === 'occurrence' ? work.occurrence : null, work.kind === 'occurrence' ? null : work.dispatchId, work.patientId, work.unitSor],
  );
}

export async function settleWork(tx: PoolClient, key: string): Promise<void> {
  await tx.query('DELETE FROM due_work WHERE work_key = $1', [key]);
}

/** An answered dispatch needs neither reminder nor expiry. */
export async function settleDispatch(tx: PoolClient, dispatchId: string): Promise<void> {
  await tx.query("DELETE FROM due_work WHERE dispatch_id = $1 AND kind IN ('reminder', 'expiry')", [dispatchId]);
}

/** A stopped order issues nothing more and reminds no one; expiries stay, so late answers are still flagged. */
export async function settleStoppedOrder(tx: PoolClient, orderId: string): Promise<void> {
  await tx.query("DELETE FROM due_work WHERE order_id = $1 AND kind IN ('occurrence', 'reminder')", [orderId]);
}

/**
 * Claims the earliest piece of work due at `now`, locked for this transaction. SKIP LOCKED lets two schedulers
 * run at once without waiting on or repeating each other's rows; `skip` holds rows that failed in this tick.
 */
export async function claimDueWork(tx: PoolClient, now: Date, skip: string[]): Promise<(DueWork & { key: string }) | undefined> {
  const { rows } = await tx.query<DueWorkRow>(
    `SELECT * FROM due_work WHERE due_at <= $1 AND NOT (work_key = ANY($2::text[]))
      ORDER BY due_at, work_key LIMIT 1 FOR UPDATE SKIP LOCKED`,
    [now.toISOString(), skip],
  );
  return rows[0] ? fromRow(rows[0]) : undefined;
}

/** Orders of a patient (at one unit, or at all) that still have an occurrence or a reminder ahead. */
export async function ordersWithPendingWork(db: Queryable, patientId: string, unitSor?: string): Promise<string[]> {
  const { rows } = await db.query<{ order_id: string }>(
    `SELECT DISTINCT order_id FROM due_work
      WHERE patient_id = $1 AND ($2::text IS NULL OR unit_sor = $2) AND order_id IS NOT NULL AND kind IN ('occurrence', 'reminder')
      ORDER BY order_id`,
    [patientId, unitSor ?? null],
  );
  return rows.map((r) => r.order_id);
}

/** When the next piece of work falls due, if any: for operators and tests. */
export async function nextDueAt(db: Queryable): Promise<string | undefined> {
  const { rows } = await db.query<{ at: Date | null }>('SELECT min(due_at) AS at FROM due_work');
  return rows[0]?.at?.toISOString();
}

/** The units that still have an order with work ahead for the patient (to re-check them after a sector block). */
export async function unitsWithPendingOrders(db: Queryable, patientId: string): Promise<string[]> {
  const { rows } = await db.query<{ unit_sor: string }>(
    `SELECT DISTINCT unit_sor FROM due_work WHERE patient_id = $1 AND order_id IS NOT NULL AND kind IN ('occurrence', 'reminder') ORDER BY unit_sor`,
    [patientId],
  );
  return rows.map((r) => r.unit_sor);
}
