import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { runCheckpointJob, type CheckpointJob } from './checkpoint-job';
import { hashCopyRows, type EventRecord } from './event-row';
import { fromPosted, type PostedRecords } from './posted-records';

/** Hashes chunks of whole COPY rows, in worker threads when it can. */
export interface RowHasher {
  /**
   * Hashes whole COPY rows. `owned`: the caller gives up `rows.buffer` (nothing else may live in it or use it
   * afterwards), so it is moved to the thread instead of copied.
   */
  hash(rows: Buffer, owned?: boolean): Promise<EventRecord[]>;
  /** Runs the checkpoint checks in a thread (beside the hashing). */
  checkCheckpoints(job: CheckpointJob): Promise<ReturnType<typeof runCheckpointJob>>;
  /** Chunks handed over and not yet hashed: the reader pauses when this grows (backpressure). */
  readonly pending: number;
  readonly threads: number;
  close(): Promise<void>;
}

const WORKER_FILE = path.join(__dirname, 'hash-worker.js');
/** Jobs a thread holds at once: two, so it never waits for the main thread between jobs. */
const JOBS_PER_THREAD = 2;

/** Workers by default: one per core. Running from TypeScript sources (tests) there is no compiled worker: hash inline. */
export function defaultWorkerCount(): number {
  return existsSync(WORKER_FILE) ? availableParallelism() : 0;
}

/** A hasher over `workers` threads (0: on the calling thread, for sources and tiny logs). */
export function createRowHasher(workers = defaultWorkerCount()): RowHasher {
  if (workers <= 0) return inlineHasher();
  // A larger young generation: hashing allocates many short-lived strings and objects, and scavenges dominate otherwise.
  const pool = Array.from({ length: workers }, () => ({ worker: new Worker(WORKER_FILE, { resourceLimits: { maxYoungGenerationSizeMb: 64 } }), busy: 0 }));
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- each job's promise knows its own result type
  type Job = { id: number; message: object; transfer: ArrayBuffer[]; resolve: (r: any) => void; reject: (e: Error) => void };
  const waiting = new Map<number, Job & { slot: (typeof pool)[number] }>();
  /**
   * Jobs not yet handed to a thread: each thread holds at most JOBS_PER_THREAD and takes the next when one is
   * done, so a long job (the checkpoint checks) does not leave chunks queued behind it while the other thread idles.
   */
  const backlog: Job[] = [];
  let nextId = 0;
  let pending = 0;
  function dispatch(slot: (typeof pool)[number]): void {
    while (slot.busy < JOBS_PER_THREAD && backlog.length > 0) {
      const job = backlog.shift()!;
      slot.busy++;
      waiting.set(job.id, { ...job, slot });
      slot.worker.postMessage({ id: job.id, ...job.message }, job.transfer);
    }
  }
  for (const slot of pool) {
    slot.worker.on('message', (msg: { id: number; result: unknown }) => {
      const job = waiting.get(msg.id)!;
      waiting.delete(msg.id);
      slot.busy--;
      pending--;
      job.resolve(msg.result);
      dispatch(slot);
    });
    slot.worker.on('error', (err) => {
      // A thread that died fails verification: its jobs and everything not yet handed out are rejected.
      for (const [id, job] of waiting) {
        if (job.slot !== slot) continue;
        waiting.delete(id);
        job.reject(err);
      }
      for (const job of backlog.splice(0)) job.reject(err);
    });
  }
  function submit<T>(message: object, transfer: ArrayBuffer[] = [], first = false): Promise<T> {
    pending++;
    return new Promise<T>((resolve, reject) => {
      const job = { id: nextId++, message, transfer, resolve, reject };
      if (first) backlog.unshift(job);
      else backlog.push(job);
      dispatch(pool.reduce((a, b) => (b.busy < a.busy ? b : a)));
    });
  }
  return {
    get pending() {
      return pending;
    },
    threads: workers,
    hash(rows, owned = false) {
      // Owned: the whole ArrayBuffer goes to the thread without a copy (streamCopy's chunks are alone in theirs).
      // Otherwise a copy the thread owns: the buffer may be a stream's, reused, or Node's shared pool.
      const view = owned ? new Uint8Array(rows.buffer, rows.byteOffset, rows.byteLength) : new Uint8Array(rows);
      return submit<PostedRecords>({ rows: view }, [view.buffer as ArrayBuffer]).then(fromPosted);
    },
    checkCheckpoints(job) {
      // Ahead of the chunks waiting: the longest job, it would otherwise end last with the other thread idle.
      return submit({ checkpoints: job }, [], true);
    },
    async close() {
      await Promise.all(pool.map((s) => s.worker.terminate()));
    },
  };
}

function inlineHasher(): RowHasher {
  return {
    pending: 0,
    threads: 0,
    hash: async (rows) => hashCopyRows(rows.toString('utf8')),
    checkCheckpoints: async (job) => runCheckpointJob(job),
    close: async () => undefined,
  };
}
