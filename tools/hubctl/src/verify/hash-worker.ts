/**
 * Worker thread entry: hashes chunks of COPY rows off the main thread, so reading the stream and hashing overlap
 * and hashing uses every core; also runs the checkpoint checks beside the hashing. Compiled to hash-worker.js
 * next to row-hasher.js.
 */
import { parentPort } from 'node:worker_threads';
import { runCheckpointJob, type CheckpointJob } from './checkpoint-job';
import { hashCopyRows } from './event-row';
import { toPosted } from './posted-records';

type Job = { id: number; rows: Uint8Array } | { id: number; checkpoints: CheckpointJob };

parentPort?.on('message', (job: Job) => {
  if ('checkpoints' in job) {
    parentPort?.postMessage({ id: job.id, result: runCheckpointJob(job.checkpoints) });
    return;
  }
  const text = Buffer.from(job.rows.buffer, job.rows.byteOffset, job.rows.byteLength).toString('utf8');
  parentPort?.postMessage({ id: job.id, result: toPosted(hashCopyRows(text)) });
});
