import { randomBytes } from 'node:crypto';
import type { Pool, PoolClient } from 'pg';
import { applySchema, inTransaction } from '@hub/event-store';
import { DATA_KEY_BYTES, openField, sealField, type EncryptedField, type JsonValue } from './envelope';
import { SubjectErasedError, SubjectKeyUnavailableError } from './errors';
import { unwrapDataKey, wrapDataKey } from './key-wrap';
import type { MasterKeyring } from './master-keyring';
import { destroyKeys, findErasure, findKey, insertKey, keysToRewrap, lockSubject, SUBJECT_KEYS_DDL, updateWrap, type KeyRow } from './subject-key.table';

/** A decrypted field, or the typed fact that its subject was erased (not an error: a lawful, expected state). */
export type DecryptedField = { status: 'ok'; value: JsonValue } | { status: 'erased'; subject: string; erasedAt: string };

export interface SubjectKeys {
  /** Creates the key tables if missing; safe at every start. */
  ensureSchema(): Promise<void>;
  /**
   * Encrypts a value under the subject's current data key, creating the key on first use. SubjectErasedError after
   * erasure. Pass `tx` when called inside a transaction (a command's append): the key is then read and created on
   * that connection, so a new key commits or rolls back with the events, and a busy pool cannot deadlock on a
   * second connection while every connection waits inside its own transaction.
   */
  encryptField(subjectId: string, value: JsonValue, tx?: PoolClient): Promise<EncryptedField>;
  /** Decrypts an envelope; `erased` when the subject's keys were erased. EnvelopeTamperedError if it was altered. */
  decryptField(envelope: EncryptedField, tx?: PoolClient): Promise<DecryptedField>;
  /**
   * Destroys every data key of the subject and records when and why (`reason` must not itself be personal data).
   * Every envelope of the subject, in events and on Kafka, becomes unreadable for good; no event row changes.
   * Idempotent: a second call reports `erased: false`. `alongside` runs in the same transaction, for the
   * service's own clear-text copies that must go with the key (a lookup index by CPR, say). Pass `tx` to erase
   * inside a transaction already open (a consumer's inbox transaction), so the erasure commits with it.
   */
  eraseSubject(subjectId: string, at: string, reason: string, alongside?: (tx: PoolClient) => Promise<void>, tx?: PoolClient): Promise<{ erased: boolean; keysDestroyed: number }>;
  /** Re-wraps every data key not yet under the current master key, in batches; envelopes are untouched. */
  rotateMasterKey(batchSize?: number): Promise<{ rewrapped: number }>;
}

export interface SubjectKeysOptions {
  /** The service's own database (keys never leave it). */
  pool: Pool;
  keyring: MasterKeyring;
}

/**
 * Crypto-shredding for one service: per-subject AES-256-GCM data keys, wrapped under a versioned master key.
 * Keys are read from the database on every use, deliberately uncached: an erasure takes effect in every
 * process at once instead of after a cache expiry.
 */
export function createSubjectKeys({ pool, keyring }: SubjectKeysOptions): SubjectKeys {
  const unwrap = (row: KeyRow) => unwrapDataKey(keyring.byVersion(row.masterVersion), row.subjectId, row.keyVersion, row);

  /** Under the subject's lock (held to the end of `tx`): the key, created if the subject has none and was not erased. */
  async function keyUnderLock(tx: PoolClient, subjectId: string): Promise<{ kv: number; key: Buffer }> {
    await lockSubject(tx, subjectId);
    if (await findErasure(tx, subjectId)) throw new SubjectErasedError(subjectId);
    const raced = await findKey(tx, subjectId); // a concurrent first use may have created it while we waited
    if (raced) return { kv: raced.keyVersion, key: unwrap(raced) };
    const key = randomBytes(DATA_KEY_BYTES);
    await insertKey(tx, { subjectId, keyVersion: 1, ...wrapDataKey(keyring.current, subjectId, 1, key) });
    return { kv: 1, key };
  }

  async function currentKey(subjectId: string, tx?: PoolClient): Promise<{ kv: number; key: Buffer }> {
    const existing = await findKey(tx ?? pool, subjectId);
    if (existing) return { kv: existing.keyVersion, key: unwrap(existing) };
    return tx ? keyUnderLock(tx, subjectId) : inTransaction(pool, (own) => keyUnderLock(own, subjectId));
  }

  return {
    ensureSchema: async () => void (await applySchema(pool, SUBJECT_KEYS_DDL)),

    async encryptField(subjectId, value, tx) {
      const { kv, key } = await currentKey(subjectId, tx);
      return sealField(key, subjectId, kv, value);
    },

    async decryptField(envelope, tx) {
      const db = tx ?? pool;
      const row = await findKey(db, envelope.subject, envelope.kv);
      if (row) return { status: 'ok', value: openField(unwrap(row), envelope) };
      const erasure = await findErasure(db, envelope.subject);
      if (erasure) return { status: 'erased', subject: envelope.subject, erasedAt: erasure.erasedAt };
      throw new SubjectKeyUnavailableError(`no data key v${envelope.kv} for subject ${envelope.subject}, and no erasure recorded`);
    },

    eraseSubject(subjectId, at, reason, alongside, tx) {
      const erase = async (own: PoolClient) => {
        await lockSubject(own, subjectId);
        const result = await destroyKeys(own, subjectId, at, reason);
        if (alongside) await alongside(own);
        return result;
      };
      return tx ? erase(tx) : inTransaction(pool, erase);
    },

    async rotateMasterKey(batchSize = 500) {
      let rewrapped = 0;
      for (;;) {
        const n = await inTransaction(pool, async (tx) => {
          const rows = await keysToRewrap(tx, keyring.current.version, batchSize);
          for (const row of rows) await updateWrap(tx, { ...row, ...wrapDataKey(keyring.current, row.subjectId, row.keyVersion, unwrap(row)) });
          return rows.length;
        });
        rewrapped += n;
        if (n < batchSize) return { rewrapped };
      }
    },
  };
}
