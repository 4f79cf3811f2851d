import type { PoolClient } from 'pg';
import type { Queryable } from '@hub/event-store';
import type { WrappedKey } from './key-wrap';

/**
 * Per-subject data keys, wrapped under the master key, in the service's own database (never in the event
 * table: erasing a key must not touch a single event row). An erasure leaves a row in subject_erasures so
 * readers can tell a lawful deletion from a lost key, and so no new key is ever made for that subject.
 */
export const SUBJECT_KEYS_DDL = `
CREATE TABLE IF NOT EXISTS subject_keys (
  subject_id     text        NOT NULL,
  key_version    integer     NOT NULL CHECK (key_version > 0),
  master_version integer     NOT NULL CHECK (master_version > 0),
  wrap_iv        bytea       NOT NULL,
  wrapped_key    bytea       NOT NULL,
  wrap_tag       bytea       NOT NULL,
  created_at     timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (subject_id, key_version)
);
CREATE INDEX IF NOT EXISTS subject_keys_master_version ON subject_keys (master_version);
CREATE TABLE IF NOT EXISTS subject_erasures (
  subject_id     text        PRIMARY KEY,
  erased_at      timestamptz NOT NULL,
  reason         text        NOT NULL,
  keys_destroyed integer     NOT NULL
);`;

export interface KeyRow extends WrappedKey {
  subjectId: string;
  keyVersion: number;
}

interface Row {
  subject_id: string;
  key_version: number;
  master_version: number;
  wrap_iv: Buffer;
  wrapped_key: Buffer;
  wrap_tag: Buffer;
}

const toKeyRow = (r: Row): KeyRow => ({ subjectId: r.subject_id, keyVersion: r.key_version, masterVersion: r.master_version, iv: r.wrap_iv, ct: r.wrapped_key, tag: r.wrap_tag });

/** The subject's key of that version, or its newest key when no version is given. */
export async function findKey(db: Queryable, subjectId: string, keyVersion?: number): Promise<KeyRow | undefined> {
  const { rows } = await db.query<Row>(
    keyVersion === undefined
      ? 'SELECT * FROM subject_keys WHERE subject_id = $1 ORDER BY key_version DESC LIMIT 1'
      : 'SELECT * FROM subject_keys WHERE subject_id = $1 AND key_version = $2',
    keyVersion === undefined ? [subjectId] : [subjectId, keyVersion],
  );
  return rows[0] && toKeyRow(rows[0]);
}

export async function insertKey(tx: Queryable, row: KeyRow): Promise<void> {
  await tx.query('INSERT INTO subject_keys (subject_id, key_version, master_version, wrap_iv, wrapped_key, wrap_tag) VALUES ($1, $2, $3, $4, $5, $6)', [
    row.subjectId, row.keyVersion, row.masterVersion, row.iv, row.ct, row.tag,
  ]);
}

export async function findErasure(db: Queryable, subjectId: string): Promise<{ erasedAt: string } | undefined> {
  const { rows } = await db.query<{ erased_at: Date }>('SELECT erased_at FROM subject_erasures WHERE subject_id = $1', [subjectId]);
  return rows[0] && { erasedAt: rows[0].erased_at.toISOString() };
}

/**
 * Serialises key creation and erasure of one subject (until the transaction ends): without it, a key created
 * concurrently with an erasure could survive it.
 */
export async function lockSubject(tx: PoolClient, subjectId: string): Promise<void> {
  await tx.query("SELECT pg_advisory_xact_lock(hashtextextended('subject-keys:' || $1, 0))", [subjectId]);
}

/** Deletes every data key of the subject and records the erasure; false when it was already erased. */
export async function destroyKeys(tx: PoolClient, subjectId: string, at: string, reason: string): Promise<{ erased: boolean; keysDestroyed: number }> {
  const { rowCount } = await tx.query('DELETE FROM subject_keys WHERE subject_id = $1', [subjectId]);
  const recorded = await tx.query(
    'INSERT INTO subject_erasures (subject_id, erased_at, reason, keys_destroyed) VALUES ($1, $2, $3, $4) ON CONFLICT (subject_id) DO NOTHING',
    [subjectId, at, reason, rowCount ?? 0],
  );
  return { erased: recorded.rowCount === 1, keysDestroyed: rowCount ?? 0 };
}

/** A batch of keys still wrapped under another master version, locked; concurrent rotations take different rows. */
export async function keysToRewrap(tx: PoolClient, currentMasterVersion: number, limit: number): Promise<KeyRow[]> {
  const { rows } = await tx.query<Row>('SELECT * FROM subject_keys WHERE master_version <> $1 ORDER BY subject_id, key_version LIMIT $2 FOR UPDATE SKIP LOCKED', [currentMasterVersion, limit]);
  return rows.map(toKeyRow);
}

export async function updateWrap(tx: PoolClient, row: KeyRow): Promise<void> {
  await tx.query('UPDATE subject_keys SET master_version = $3, wrap_iv = $4, wrapped_key = $5, wrap_tag = $6 WHERE subject_id = $1 AND key_version = $2', [
    row.subjectId, row.keyVersion, row.masterVersion, row.iv, row.ct, row.tag,
  ]);
}
