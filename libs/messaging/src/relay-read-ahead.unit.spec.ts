import type { Checkpoint } from '@hub/event-store';
import type { PreparedBatch } from './relay-batch';
import { readBatchesAhead } from './relay-read-ahead';

const cp = (n: number): Checkpoint => ({ transactionId: 1n, globalPosition: BigInt(n) });
const batchUpTo = (n: number, size: number): PreparedBatch => ({ size, checkpoint: cp(n), topicMessages: [], traced: [] });
const settle = () => new Promise((resolve) => setImmediate(resolve));

/** A log of `total` events read `size` at a time; records each read's starting position, resolves when told. */
function log(total: number, size: number, failAt?: number) {
  const reads: number[] = [];
  const pending: (() => void)[] = [];
  const read = (after: Checkpoint) => {
    const from = Number(after.globalPosition);
    reads.push(from);
    return new Promise<PreparedBatch>((resolve, reject) => {
      pending.push(() => (from === failAt ? reject(new Error(`read after ${from} failed`)) : resolve(batchUpTo(Math.min(from + size, total), Math.min(size, total - from)))));
    });
  };
  /** Answers every read, and the reads those answers start, until none is pending. */
  const answerAll = async () => {
    do {
      while (pending.length > 0) pending.shift()!();
      await settle();
    } while (pending.length > 0);
  };
  return { read, reads, answerAll };
}

describe('readBatchesAhead', () => {
  it('reads each batch from the one before, up to `depth` untaken, in order, and stops when caught up', async () => {
    const l = log(10, 3);
    const ahead = readBatchesAhead(l.read, cp(0), 2);
    await l.answerAll();
    expect(l.reads).toEqual([0, 3]); // two read and untaken: no third read yet
    const sizes: number[] = [];
    for (;;) {
      const b = ahead.next();
      await l.answerAll();
      const batch = await b;
      sizes.push(batch.size);
      if (batch.size === 0) break;
    }
    expect(sizes).toEqual([3, 3, 3, 1, 0]);
    expect(l.reads).toEqual([0, 3, 6, 9, 10]); // nothing after the empty batch
  });

  it('surfaces a failed read where its batch is taken, after the batches before it, and reads no further', async () => {
    const l = log(100, 5, 10);
    const ahead = readBatchesAhead(l.read, cp(0), 3);
    await l.answerAll();
    expect((await ahead.next()).checkpoint).toEqual(cp(5));
    expect((await ahead.next()).checkpoint).toEqual(cp(10));
    await expect(ahead.next()).rejects.toThrow('read after 10 failed');
    await l.answerAll();
    expect(l.reads).toEqual([0, 5, 10]);
  });

  it('starts no read once closed', async () => {
    const l = log(100, 5);
    const ahead = readBatchesAhead(l.read, cp(0), 2);
    void ahead.next();
    ahead.close();
    await l.answerAll();
    expect(l.reads).toEqual([0]);
  });
});
