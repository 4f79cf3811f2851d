import type { Queryable } from '../types';

/**
 * The audit log beside the event table. `audit_sequence` numbers events densely (0, 1, 2, ...) in commit order,
 * which global positions cannot (a rolled-back insert leaves a gap, a slow transaction commits out of order);
 * the Merkle tree is built over it. `audit_checkpoints` holds one signed tree head per sealed batch.
 */
export const AUDIT_DDL = `
CREATE TABLE IF NOT EXISTS audit_sequence (
  seq             bigint PRIMARY KEY CHECK (seq >= 0),
  global_position bigint NOT NULL UNIQUE,
  event_hash      bytea  NOT NULL CHECK (length(event_hash) = 32)
);
CREATE TABLE IF NOT EXISTS audit_checkpoints (
  tree_size  bigint PRIMARY KEY CHECK (tree_size > 0),
  log        text   NOT NULL,
  root_hash  bytea  NOT NULL CHECK (length(root_hash) = 32),
  timestamp  text   NOT NULL,
  signature  bytea  NOT NULL,
  key_id     text   NOT NULL
);`;

/** Creates the audit tables if missing. Safe to run at every start. */
export async function ensureAuditSchema(db: Queryable): Promise<void> {
  await db.query(AUDIT_DDL);
}
