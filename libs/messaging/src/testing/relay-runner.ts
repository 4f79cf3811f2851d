/**
 * A relay as its own process, for crash tests (SIGKILL mid-stream, then restart). Not used in production.
 * Env: DATABASE_URL, KAFKA_BROKERS, RELAY_NAME, RELAY_BATCH_SIZE (default 10: many checkpoints to land between).
 */
import { Pool } from 'pg';
import { connectProducer, createKafka } from '../kafka';
import { silentLogger } from '../logger';
import { startRelay } from '../relay';

async function run(): Promise<void> {
  const env = (name: string) => process.env[name] ?? (() => { throw new Error(`${name} is not set`); })();
  const pool = new Pool({ connectionString: env('DATABASE_URL'), max: 2 });
  const producer = await connectProducer(createKafka('crash-relay', env('KAFKA_BROKERS').split(','), silentLogger));
  startRelay({ name: env('RELAY_NAME'), pool, producer, logger: silentLogger, pollIntervalMs: 20, batchSize: Number(process.env.RELAY_BATCH_SIZE ?? 10) });
  process.stdout.write('ready\n');
}

run().catch((err: unknown) => {
  process.stderr.write(`relay runner failed: ${String(err)}\n`);
  process.exit(1);
});
