import type { Checkpoint } from '@hub/event-store';
import type { PreparedBatch } from './relay-batch';

/** Batches in order, read ahead of whoever takes them. */
export interface BatchesAhead {
  /** The next batch, in commit order. Call it again only after the previous one resolved with a non-empty batch. */
  next(): Promise<PreparedBatch>;
  /** Starts no further reads (the taker stopped: failed, or caught up). */
  close(): void;
}

/**
 * Reads batch after batch from `from`, each from the checkpoint of the one before, keeping up to `depth` batches
 * read (or being read) that were not yet taken. One batch ahead was not enough: under load a read (the database's
 * share of a busy machine, then decoding and checking 500 events) takes longer than a send, and the sender sat
 * idle waiting for it. Reading stops at an empty batch (caught up) or at a failed read; a failure surfaces where
 * that batch is taken, after every batch before it, so nothing is skipped or sent out of order.
 */
export function readBatchesAhead(read: (after: Checkpoint) => Promise<PreparedBatch>, from: Checkpoint, depth: number): BatchesAhead {
  const untaken: Promise<PreparedBatch>[] = [];
  /** Where the next read starts; undefined while the read it follows is still in flight. */
  let after: Checkpoint | undefined = from;
  let ended = false;

  function fill(): void {
    while (!ended && after && untaken.length < depth) {
      const batch = read(after);
      after = undefined;
      // Registered before anyone can await this batch, so it runs first: the next read is under way (and in
      // `untaken`) by the time the taker asks for it.
      batch.then(
        (b) => {
          if (b.size === 0) ended = true;
          else after = b.checkpoint;
          fill();
        },
        () => {
          ended = true;
        },
      );
      untaken.push(batch);
    }
  }

  fill();
  return {
    next() {
      const batch = untaken.shift();
      if (!batch) throw new Error('readBatchesAhead: next() called before the previous batch resolved non-empty');
      fill();
      return batch;
    },
    close() {
      ended = true;
    },
  };
}
