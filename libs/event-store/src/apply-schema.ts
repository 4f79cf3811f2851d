import type { Pool } from 'pg';
import { inTransaction } from './transaction';

/** One lock id for every schema change of a database: any fixed 64-bit number works, this one spells "hub-ddl". */
const SCHEMA_LOCK_ID = 0x6875622d64646cn;

/**
 * Runs idempotent DDL (`CREATE ... IF NOT EXISTS`, `ADD COLUMN IF NOT EXISTS`) under a database-wide advisory
 * lock. Nest starts a module's providers concurrently, and two concurrent `CREATE TABLE IF NOT EXISTS` of the same
 * table race in Postgres's catalog ("duplicate key value violates unique constraint pg_type_typname_nsp_index"),
 * so every start-up DDL goes through here, one at a time per database.
 */
export async function applySchema(pool: Pool, ddl: string): Promise<void> {
  await inTransaction(pool, async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [SCHEMA_LOCK_ID.toString()]);
    await tx.query(ddl);
  });
}
