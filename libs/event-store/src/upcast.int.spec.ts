import { randomUUID } from 'node:crypto';
import { contractOf, upcastEvent, type ResponseRateChanged } from '@hub/contracts';
import { createScratchDatabase, type ScratchDatabase } from '@hub/testing';
import { appendToStream, ensureEventStoreSchema, handleCommand, NotUpcastError, readStream, readStreamUpcast, type Decider } from './index';

/**
 * The read side of command handlers and projections folds the current contract shape, whatever version an
 * event was stored with. ResponseRateChanged evolved v1 → v2; a stream written before holds v1 rows.
 */
let db: ScratchDatabase;
beforeAll(async () => {
  db = await createScratchDatabase('esup');
  await ensureEventStoreSchema(db.pool);
});
afterAll(() => db.drop());

type RateEvent = { type: 'ResponseRateChanged'; data: ResponseRateChanged };
/** A read model of the last published rate; it reads `rate` and `period`, which only exist from v2 on. */
const lastRate: Decider<{ type: 'Publish'; data: ResponseRateChanged }, { rates: Array<number | null>; periodEnds: string[] }, RateEvent> = {
  initialState: () => ({ rates: [], periodEnds: [] }),
  decide: (command) => [{ type: 'ResponseRateChanged', data: command.data }],
  evolve: (state, event) => ({ rates: [...state.rates, event.data.rate], periodEnds: [...state.periodEnds, event.data.period.end] }),
};
const v1 = { indicator: 'response-rate', unitSor: '123456', numerator: 1, denominator: 2, asOf: '2026-10-01T00:00:00.000Z' };
const v2: ResponseRateChanged = { ...v1, indicator: 'response-rate', numerator: 2, denominator: 2, rate: 1, period: { start: null, end: '2026-11-01T00:00:00.000Z' }, asOf: '2026-11-01T00:00:00.000Z' };
const options = { schemaVersionOf: (type: string) => contractOf(type).schemaVersion, newEventId: randomUUID };

async function streamWithV1(): Promise<string> {
  const stream = `rate-${randomUUID()}`;
  await appendToStream(db.pool, stream, 0, [{ eventId: randomUUID(), type: 'ResponseRateChanged', schemaVersion: 1, data: v1 }]);
  return stream;
}

describe('upcasting on the event store read side (real Postgres)', () => {
  it('handleCommand folds a v1 event stored before the change as v2, and appends v2 after it', async () => {
    const stream = await streamWithV1();
    const result = await handleCommand(db.pool, stream, lastRate, { type: 'Publish', data: v2 }, { ...options, upcast: upcastEvent });
    expect(result.state).toEqual({ rates: [0.5, 1], periodEnds: ['2026-10-01T00:00:00.000Z', '2026-11-01T00:00:00.000Z'] });
    // Stored rows keep the version they were written with: the v1 row is not rewritten (its hash stays valid).
    expect((await readStream(db.pool, stream)).map((e) => [e.schemaVersion, e.data])).toEqual([[1, v1], [2, v2]]);
    expect((await readStreamUpcast(db.pool, stream, upcastEvent)).map((e) => [e.schemaVersion, (e.data as ResponseRateChanged).rate])).toEqual([[2, 0.5], [2, 1]]);
  });

  it('without an upcaster, a stream holding an old version is refused, not folded in the wrong shape', async () => {
    const stream = await streamWithV1();
    await expect(handleCommand(db.pool, stream, lastRate, { type: 'Publish', data: v2 }, options)).rejects.toThrow(NotUpcastError);
    await expect(handleCommand(db.pool, stream, lastRate, { type: 'Publish', data: v2 }, options)).rejects.toThrow(/holds ResponseRateChanged v1 but the current version is v2/);
    expect(await readStream(db.pool, stream)).toHaveLength(1);
  });
});
