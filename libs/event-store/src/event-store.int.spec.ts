import { randomUUID } from 'node:crypto';
import { createScratchDatabase, type ScratchDatabase } from '@hub/testing';
import { appendToStream, checkpointOf, checkpointOfPublishable, computeEventHashHex, ensureEventStoreSchema, EventIdReuseError, inTransaction, publishableOf, readAllAfter, readPublishableAfter, readStream, START, StreamConflictError, verifyStreamChain, ZERO_HASH, type Checkpoint, type StoredEvent } from './index';

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

  it('hashes and chains every event, with recordedAt from the caller\'s clock', async () => {
    const stream = `s-${randomUUID()}`;
    const now = () => new Date('2026-11-24T10:00:00.123Z');
    await appendToStream(db.pool, stream, 0, [event(1), event(2)], { now });
    await appendToStream(db.pool, stream, 2, [event(3)]);
    const read = await readStream(db.pool, stream);
    expect(read[0].recordedAt.toISOString()).toBe('2026-11-24T10:00:00.123Z');
    expect(read[0].prevHash).toEqual(ZERO_HASH);
    expect(read[1].prevHash).toEqual(read[0].hash);
    expect(read[2].prevHash).toEqual(read[1].hash);
    const asStored = read.map((e) => ({ ...e, recordedAt: e.recordedAt.toISOString(), position: e.globalPosition.toString() }));
    expect(verifyStreamChain(asStored)).toBeUndefined();
    await db.pool.query(`UPDATE events SET data = '{"n": 9}' WHERE stream_id = $1 AND stream_version = 2`, [stream]);
    const tampered = (await readStream(db.pool, stream)).map((e) => ({ ...e, recordedAt: e.recordedAt.toISOString(), position: e.globalPosition.toString() }));
    expect(verifyStreamChain(tampered)).toMatchObject({ kind: 'hash-mismatch', streamVersion: 2 });
  });

  it('reads events for publishing as text exactly as the stored events, in any session time zone, and they still hash', async () => {
    const stream = `s-${randomUUID()}`;
    // Before 1970 and on a leap day: printed by Postgres exactly as the writer's toISOString printed it.
    await appendToStream(db.pool, stream, 0, [event(1)], { now: () => new Date('1969-12-31T23:59:59.999Z') });
    await appendToStream(db.pool, stream, 1, [event(2), event(3)], { now: () => new Date('2028-02-29T13:07:05.041Z') });
    // A year below 1000: printed with four digits by Postgres as by toISOString.
    await appendToStream(db.pool, stream, 3, [event(4)], { now: () => new Date('0999-03-04T05:06:07.089Z') });
    const from = (await readStream(db.pool, stream))[0];
    const before: Checkpoint = { transactionId: from.transactionId - 1n, globalPosition: 0n };
    const stored = (await readAllAfter(db.pool, before, 10_000)).filter((e) => e.streamId === stream);
    await inTransaction(db.pool, async (tx) => {
      await tx.query("SET LOCAL TimeZone TO 'America/St_Johns'; SET LOCAL DateStyle TO 'SQL, DMY'");
      const read = (await readPublishableAfter(tx, before, 10_000)).filter((e) => e.streamId === stream);
      expect(read).toEqual(stored.map(publishableOf));
      expect(read.map((e) => e.recordedAt)).toEqual(['1969-12-31T23:59:59.999Z', '2028-02-29T13:07:05.041Z', '2028-02-29T13:07:05.041Z', '0999-03-04T05:06:07.089Z']);
      expect(read.map((e) => computeEventHashHex(e))).toEqual(read.map((e) => e.hash));
      expect(checkpointOfPublishable(read[2])).toEqual(checkpointOf(stored[2]));
    });
  });

  it('appending a batch already stored (a retry after a lost reply) writes nothing and returns the version', async () => {
    const stream = `s-${randomUUID()}`;
    const batch = [event(1), event(2)];
    await appendToStream(db.pool, stream, 0, batch);
    await appendToStream(db.pool, stream, 2, [event(3)]);
    expect(await appendToStream(db.pool, stream, 0, batch)).toBe(3);
    expect(await readStream(db.pool, stream)).toHaveLength(3);
  });

  it('refuses a batch stored only in part, or an event id from another stream', async () => {
    const stream = `s-${randomUUID()}`;
    const first = event(1);
    await appendToStream(db.pool, stream, 0, [first]);
    await expect(appendToStream(db.pool, stream, 1, [first, event(2)])).rejects.toBeInstanceOf(EventIdReuseError);
    await expect(appendToStream(db.pool, `other-${randomUUID()}`, 0, [first])).rejects.toBeInstanceOf(EventIdReuseError);
    expect(await readStream(db.pool, stream)).toHaveLength(1);
  });

  it('many writers racing over many versions: exactly one wins each version and the chain holds', async () => {
    const stream = `s-${randomUUID()}`;
    const writer = async (w: number) => {
      let wins = 0;
      for (let round = 0; round < 30; round++) {
        const version = (await readStream(db.pool, stream)).length;
        if (version >= 40) return wins;
        await inTransaction(db.pool, (tx) => appendToStream(tx, stream, version, [event(w)])).then(
          () => wins++,
          (err: unknown) => expect(err).toBeInstanceOf(StreamConflictError),
        );
      }
      return wins;
    };
    const wins = await Promise.all(Array.from({ length: 12 }, (_, w) => writer(w)));
    const read = await readStream(db.pool, stream);
    expect(read.map((e) => e.streamVersion)).toEqual(read.map((_, i) => i + 1));
    expect(wins.reduce((a, b) => a + b, 0)).toBe(read.length);
    expect(verifyStreamChain(read.map((e) => ({ ...e, recordedAt: e.recordedAt.toISOString(), position: e.globalPosition.toString() })))).toBeUndefined();
  });

  it('reads in numeric transaction order, also where transaction ids gain a digit (999 before 1000)', async () => {
    const other = await createScratchDatabase('esorder');
    try {
      await ensureEventStoreSchema(other.pool);
      const stream = `s-${randomUUID()}`;
      await appendToStream(other.pool, stream, 0, [event(1), event(2), event(3)]);
      // Committed long ago, as far as readers can tell: xids 999, 1000, 1001 (set directly; any committed xid works).
      await other.pool.query(`UPDATE events SET transaction_id = (998 + stream_version)::text::xid8 WHERE stream_id = $1`, [stream]);
      const first = await readAllAfter(other.pool, START, 2);
      expect(first.map((e) => e.transactionId)).toEqual([999n, 1000n]);
      expect((await readAllAfter(other.pool, checkpointOf(first[1]), 2)).map((e) => e.transactionId)).toEqual([1001n]);
    } finally {
      await other.drop();
    }
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
