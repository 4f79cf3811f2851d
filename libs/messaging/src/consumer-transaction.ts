import type { Pool, PoolClient } from 'pg';
import { DatabaseUnavailable, isDatabaseUnavailable } from './database-failure';

/**
 * One transaction for a consumer. Unlike the event store's `inTransaction`, a failure to get a connection is
 * marked DatabaseUnavailable (so the message is waited on, not dead-lettered), and a connection that broke
 * mid-transaction is destroyed rather than returned to the pool.
 */
export async function consumerTransaction<T>(pool: Pool, work: (tx: PoolClient) => Promise<T>): Promise<T> {
  let client: PoolClient;
  try {
    client = await pool.connect();
  } catch (err) {
    throw new DatabaseUnavailable(err);
  }
  let broken: Error | undefined;
  // A connection that dies between queries emits 'error' on the client; unheard, that would crash the process
  // in the middle of a database outage, the very moment the consumer is meant to wait calmly.
  const onError = (err: Error) => (broken = err);
  client.on('error', onError);
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (err) {
    if (isDatabaseUnavailable(err)) broken = err as Error;
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    client.off('error', onError);
    client.release(broken);
  }
}
