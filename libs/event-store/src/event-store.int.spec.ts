import { randomUUID } from 'node:crypto';
import { createScratchDatabase, type ScratchDatabase } from '@hub/testing';
import { appendToStream, checkpointOf, ensureEventStoreSchema, inTransaction, readAllAfter, readStream, START, StreamConflictError, type Checkpoint, type StoredEvent } from './index';

let db: ScratchDatabase;
const event = (n: number) => ({ eventId: randomUUID(), type: 'Counted', schemaVersion: 1, data: { n } });

beforeAll(async () => {
  db = await createScratchDatabase('es');
  await ensureEventStoreSchema(db.pool);
});
afterAll(() => db.drop());

describe('event store on real Postgres', () => {
  it('appends with the expected version and reads the stream back in order', async () => {
    const stream = `s-${randomUUID()}`;
    expect(await appendToStream(db.pool, stream, 0, [event(1), event(2)])).toBe(2);
    expect(await appendToStream(db.pool, stream, 2, [event(3)])).toBe(3);
    const read = await readStream(db.pool, stream);
    expect(read.map((e) => [e.streamVersion, (e.data as { n: number }).n])).toEqual([[1, 1], [2, 2], [3, 3]]);
  });

  it('refuses a stale expected version with a conflict naming both versions', async () => {
    const stream = `s-${randomUUID()}`;
    await appendToStream(db.pool, stream, 0, [event(1)]);
    await expect(appendToStream(db.pool, stream, 0, [event(2)])).rejects.toMatchObject({ expectedVersion: 0, actualVersion: 1 });
    await expect(appendToStream(db.pool, stream, 5, [event(2)])).rejects.toBeInstanceOf(StreamConflictError);
    // Neither refusal wrote anything: no duplicate version, no gap.
    expect((await readStream(db.pool, stream)).map((e) => e.streamVersion)).toEqual([1]);
  });

  it('of 20 concurrent writers on one version, exactly one wins', async () => {
    const stream = `s-${randomUUID()}`;
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) => inTransaction(db.pool, (tx) => appendToStream(tx, stream, 0, [event(i)]))),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const losers = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(losers.every((r) => r.reason instanceof StreamConflictError)).toBe(true);
    expect(await readStream(db.pool, stream)).toHaveLength(1);
  });

  it('a reader never skips an event committed late by a slower transaction', async () => {
    const all: StoredEvent[] = [];
    let cp: Checkpoint = START;
    const catchUp = async () => {
      const batch = await readAllAfter(db.pool, cp);
      if (batch.length) cp = checkpointOf(batch[batch.length - 1]);
      all.push(...batch);
    };
    await catchUp();
    const slow = await db.pool.connect();
    await slow.query('BEGIN');
    const slowStream = `slow-${randomUUID()}`;
    await appendToStream(slow, slowStream, 0, [event(1)]); // takes a lower position, commits later
    const fastStream = `fast-${randomUUID()}`;
    await appendToStream(db.pool, fastStream, 0, [event(2)]); // higher position, committed first
    await catchUp();
    // The fast event must wait behind the in-flight slow transaction rather than be read past it.
    expect(all.some((e) => e.streamId === fastStream)).toBe(false);
    await slow.query('COMMIT');
    slow.release();
    await catchUp();
    expect(all.filter((e) => e.streamId === slowStream || e.streamId === fastStream).map((e) => e.streamId)).toEqual([slowStream, fastStream]);
  });
});
