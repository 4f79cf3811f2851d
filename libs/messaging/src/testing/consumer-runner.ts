/**
 * A consumer as its own process, for crash tests. Its effect: one `effects` row per applied event whose stream
 * key starts with KEY_PREFIX (other tests' messages share the topic). A short pause per event widens the
 * window in which a SIGKILL lands mid-batch. Not used in production.
 * Env: DATABASE_URL, KAFKA_BROKERS, GROUP, TOPIC, KEY_PREFIX.
 */
import { Pool } from 'pg';
import { startConsumer } from '../consumer';
import { connectProducer, createKafka } from '../kafka';
import { silentLogger } from '../logger';

async function run(): Promise<void> {
  const env = (name: string) => process.env[name] ?? (() => { throw new Error(`${name} is not set`); })();
  const pool = new Pool({ connectionString: env('DATABASE_URL'), max: 4 });
  await pool.query('CREATE TABLE IF NOT EXISTS effects (event_id uuid NOT NULL, stream_id text NOT NULL, applied_at timestamptz NOT NULL DEFAULT clock_timestamp())');
  const kafka = createKafka('crash-consumer', env('KAFKA_BROKERS').split(','), silentLogger);
  const producer = await connectProducer(kafka);
  const prefix = env('KEY_PREFIX');
  const record = async (event: { eventId: string; streamId: string }, tx: { query(sql: string, values: unknown[]): Promise<unknown> }) => {
    if (!event.streamId.startsWith(prefix)) return;
    await tx.query('INSERT INTO effects (event_id, stream_id) VALUES ($1, $2)', [event.eventId, event.streamId]);
    await new Promise((r) => setTimeout(r, 3));
  };
  await startConsumer({ name: env('GROUP'), kafka, pool, producer, topics: [env('TOPIC')], logger: silentLogger, sessionTimeoutMs: 6_000, handlers: { PatientRegistered: record, ConsentGranted: record } });
  process.stdout.write('ready\n');
}

run().catch((err: unknown) => {
  process.stderr.write(`consumer runner failed: ${String(err)}\n`);
  process.exit(1);
});
