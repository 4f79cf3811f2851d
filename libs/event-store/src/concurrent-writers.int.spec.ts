import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { createScratchDatabase, type ScratchDatabase } from '@hub/testing';
import { handleCommand, readStream, StreamConflictError, type Decider } from './index';
import { ensureEventStoreSchema } from './schema';

/**
 * Many writers on one stream through handleCommand: each command is re-decided on the fresh state after a
 * conflict, so the stream ends as distinct, contiguous versions, and a command that keeps losing gives up
 * with a StreamConflictError once its attempts are spent (never a duplicate, a gap or a blind re-append).
 */
let db: ScratchDatabase;
beforeAll(async () => {
  db = await createScratchDatabase('writers');
  // Dropping the database (WITH FORCE) can reach a pooled connection still closing; that FATAL is expected
  // at teardown and must not surface as an unhandled error failing the suite.
  db.pool.on('error', () => undefined);
  await ensureEventStoreSchema(db.pool);
});
afterAll(() => db.drop());

type Counted = { type: 'Counted'; data: { n: number; by: string } };
/** Each event records the count it saw: a re-decided command writes the fresh count, a blind retry would not. */
const counter: Decider<{ by: string }, number, Counted> = {
  initialState: () => 0,
  decide: (command, count) => [{ type: 'Counted', data: { n: count + 1, by: command.by } }],
  evolve: (_, event) => event.data.n,
};

async function race(writers: number, maxAttempts: number) {
  const stream = `counter-${randomUUID()}`;
  const commands = Array.from({ length: writers }, (_, i) => `writer-${i}`);
  const results = await Promise.allSettled(
    commands.map((by) => handleCommand(db.pool, stream, counter, { by }, { schemaVersionOf: () => 1, newEventId: randomUUID, maxAttempts })),
  );
  const stored = await readStream(db.pool, stream);
  return { results, stored: stored.map((e) => ({ version: e.streamVersion, ...(e.data as Counted['data']) })) };
}

describe('concurrent writers on one stream (real Postgres)', () => {
  it('with as many attempts as writers, all N commands land as versions 1..N, each deciding on the state it saw', async () => {
    const { results, stored } = await race(12, 12);
    expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
    expect(stored.map((e) => [e.version, e.n])).toEqual(Array.from({ length: 12 }, (_, i) => [i + 1, i + 1]));
    expect(new Set(stored.map((e) => e.by)).size).toBe(12);
    const versions = results.map((r) => (r as PromiseFulfilledResult<{ version: number }>).value.version).sort((a, b) => a - b);
    expect(versions).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
  });

  it('property: for any N writers and attempt bound, winners hold distinct contiguous versions and every loser failed with a conflict', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 2, max: 10 }), fc.integer({ min: 1, max: 10 }), async (writers, maxAttempts) => {
        const { results, stored } = await race(writers, maxAttempts);
        const won = results.filter((r) => r.status === 'fulfilled');
        const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
        expect(won.length).toBeGreaterThanOrEqual(1); // someone always gets through
        expect(lost.every((r) => r.reason instanceof StreamConflictError)).toBe(true);
        expect(stored.map((e) => [e.version, e.n])).toEqual(won.map((_, i) => [i + 1, i + 1]));
        expect(new Set(stored.map((e) => e.by)).size).toBe(won.length); // no command landed twice
        // A command loses only to a commit of another command, once per attempt: N attempts always suffice.
        if (maxAttempts >= writers) expect(lost).toEqual([]);
      }),
      { numRuns: 15 },
    );
  }, 120_000);
});
