import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Client } from 'pg';
import { concatColumns } from './event-columns';
import { checkPartition, type CheckedPartition, type PartitionSpec } from './partition-check';

/** What a partition thread is given: where to read, in which snapshot, which part. */
export interface PartitionJob {
  url: string;
  snapshot: string;
  spec: PartitionSpec;
}

/** What a partition thread posts: rows done since its last message, its result, or why it failed. */
export type PartitionMessage = { progress: number } | { result: CheckedPartition } | { error: string };

const WORKER_FILE = path.join(__dirname, 'partition-worker.js');

/**
 * Threads by default: one per core but one, which the main thread keeps for the audit log (reading the sequence,
 * recomputing the Merkle tree) while the threads read the events; each thread also keeps a Postgres backend busy.
 * On 2 cores one thread was fastest: a second one and its isolate cost more CPU than they saved. Running from
 * TypeScript sources (tests) there is no compiled worker: none.
 */
export function defaultWorkerCount(): number {
  return existsSync(WORKER_FILE) ? Math.max(1, availableParallelism() - 1) : 0;
}

export interface PartitionSource {
  url: string;
  /** The verification's own connection, in its snapshot: reads the whole table when there are no threads. */
  client: Client;
  /** The exported snapshot the threads read in; without one, there are no threads. */
  snapshot?: string;
}

/** Whether checkPartitions will read on threads (beside the caller's connection) or on the caller's connection. */
export function readsInThreads(source: PartitionSource, workers: number): boolean {
  return workers > 0 && source.snapshot !== undefined && existsSync(WORKER_FILE);
}

/**
 * Reads, hashes and chain-checks every event: in `workers` threads, each reading its own partition on its own
 * connection in the exported snapshot; or, without threads, the whole table on the caller's connection. Returns
 * the partitions' results as one.
 */
export async function checkPartitions(source: PartitionSource, workers: number, streamPrefix: string | undefined, progress: (rows: number) => void): Promise<CheckedPartition> {
  if (!readsInThreads(source, workers)) return checkPartition(source.client, { part: 0, parts: 1, streamPrefix }, progress);
  let done = 0;
  const threads = Array.from({ length: workers }, (_, part) => startThread({ url: source.url, snapshot: source.snapshot!, spec: { part, parts: workers, streamPrefix } }, (more) => progress((done += more))));
  try {
    const parts = await Promise.all(threads.map((t) => t.result));
    return { columns: concatColumns(parts.map((p) => p.columns)), streams: parts.reduce((n, p) => n + p.streams, 0), problems: parts.flatMap((p) => p.problems) };
  } catch (err) {
    // One partition failed (its connection, say): the verification cannot conclude; stop the others' reading.
    await Promise.all(threads.map((t) => t.worker.terminate()));
    throw err;
  }
}

function startThread(job: PartitionJob, progress: (more: number) => void): { worker: Worker; result: Promise<CheckedPartition> } {
  // A larger young generation: hashing allocates many short-lived strings, and scavenges dominate otherwise.
  const worker = new Worker(WORKER_FILE, { workerData: job, resourceLimits: { maxYoungGenerationSizeMb: 64 } });
  const result = new Promise<CheckedPartition>((resolve, reject) => {
    worker.on('message', (m: PartitionMessage) => {
      if ('progress' in m) progress(m.progress);
      else if ('result' in m) resolve(m.result);
      else reject(new Error(m.error));
    });
    worker.on('error', reject);
    // Settled already when it posted its result or error; otherwise it died without saying why.
    worker.on('exit', (code) => reject(new Error(`a verification thread exited (code ${code}) before its partition was checked`)));
  });
  return { worker, result };
}
