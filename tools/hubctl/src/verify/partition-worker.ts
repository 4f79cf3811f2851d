/**
 * Worker thread entry: checks one partition of the events table on a connection of its own, in the snapshot the
 * main thread exported, so reading (two Postgres backends), hashing and chain checks all run in parallel and the
 * main thread receives only columns. Compiled to partition-worker.js next to partitions.js.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { openSnapshot } from './database-read';
import { checkPartition } from './partition-check';
import type { PartitionJob, PartitionMessage } from './partitions';

const post = (message: PartitionMessage, transfer: ArrayBuffer[] = []) => parentPort?.postMessage(message, transfer);

async function run({ url, snapshot, spec }: PartitionJob): Promise<void> {
  const client = await openSnapshot(url, snapshot);
  try {
    let reported = 0;
    const result = await checkPartition(client, spec, (rows) => {
      // Progress at most every 20,000 rows: a message per chunk would cost the main thread more than it shows.
      if (rows - reported < 20_000) return;
      post({ progress: rows - reported });
      reported = rows;
    });
    post({ progress: result.columns.position.length - reported });
    const { position, transactionId, streamVersion } = result.columns;
    post({ result }, [position.buffer, transactionId.buffer, streamVersion.buffer] as ArrayBuffer[]);
  } finally {
    await client.end().catch(() => undefined);
  }
}

run(workerData as PartitionJob).catch((err: unknown) => post({ error: (err as Error).message ?? String(err) }));
