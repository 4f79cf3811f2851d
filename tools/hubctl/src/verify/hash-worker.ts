/**
 * Worker thread entry: hashes chunks of COPY rows off the main thread, so reading the stream and hashing overlap
 * and hashing uses every core. Compiled to hash-worker.js next to row-hasher.js.
 */
import { parentPort } from 'node:worker_threads';
import { hashCopyRows } from './event-row';

parentPort?.on('message', (job: { id: number; rows: Uint8Array }) => {
  const text = Buffer.from(job.rows.buffer, job.rows.byteOffset, job.rows.byteLength).toString('utf8');
  parentPort?.postMessage({ id: job.id, records: hashCopyRows(text) });
});
