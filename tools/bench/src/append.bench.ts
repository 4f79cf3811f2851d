/**
 * Append throughput of libs/event-store against emmett-postgresql on the same Postgres server, like for like:
 * each contender in its own fresh database with a pool of the same size, one stream per writer appended with
 * optimistic concurrency (expected version), the same payload, one atomic append per call. Each does that its
 * own way: emmett opens a transaction around its append function (BEGIN, call, COMMIT); ours is a single
 * statement, atomic without one. Inside a caller's transaction (as handleCommand appends) ours pays the same
 * BEGIN and COMMIT as emmett; `BENCH_APPEND_IN_TX=1` measures that variant.
 */
import { randomUUID } from 'node:crypto';
import { getPostgreSQLEventStore } from '@event-driven-io/emmett-postgresql';
import { appendToStream, ensureEventStoreSchema, inTransaction } from '@hub/event-store';
import { createScratchDatabase, type ScratchDatabase } from '@hub/testing';
import type { Benchmark, BenchContext, BenchRow } from './bench-row';
import { median, throughput } from './measure';

/** A realistic event payload (~300 bytes of JSON), the same for both stores. */
const PAYLOAD = {
  dispatchId: '6f1c2a9e-3b7d-4c1a-9e2f-8a7b6c5d4e3f',
  patientId: '0b9e8d7c-6a5f-4e3d-2c1b-0a9f8e7d6c5b',
  unitSor: '123456789012345',
  questionnaire: 'http://pro-hub.dk/fhir/Questionnaire/pain-nrs|1.0.0',
  dueAt: '2026-12-01T08:00:00.000Z',
  expiresAt: '2026-12-15T08:00:00.000Z',
  channel: 'digital-post',
};

const POOL_SIZE = 8;
const IN_TX = process.env.BENCH_APPEND_IN_TX === '1';
const CONFIGS = [
  { eventsPerTx: 1, writers: 1 },
  { eventsPerTx: 10, writers: 1 },
  { eventsPerTx: 1, writers: 8 },
  { eventsPerTx: 10, writers: 8 },
];

/** One contender: appends `eventsPerTx` events to the writer's own stream at its expected version. */
interface Contender {
  append(stream: string, expectedVersion: number, eventsPerTx: number): Promise<void>;
  close(): Promise<void>;
}

async function ours(db: ScratchDatabase): Promise<Contender> {
  await ensureEventStoreSchema(db.pool);
  return {
    async append(stream, expectedVersion, n) {
      const events = Array.from({ length: n }, () => ({ eventId: randomUUID(), type: 'QuestionnaireDispatched', schemaVersion: 1, data: PAYLOAD }));
      if (IN_TX) await inTransaction(db.pool, (tx) => appendToStream(tx, stream, expectedVersion, events));
      else await appendToStream(db.pool, stream, expectedVersion, events);
    },
    close: () => db.drop(),
  };
}

async function emmett(db: ScratchDatabase): Promise<Contender> {
  // Emmett gets the same pg pool (same size), so neither side wins by opening more connections.
  const store = getPostgreSQLEventStore(db.url, { connectionOptions: { pool: db.pool } });
  await store.schema.migrate();
  return {
    async append(stream, expectedVersion, n) {
      const events = Array.from({ length: n }, () => ({ type: 'QuestionnaireDispatched', data: PAYLOAD }));
      await store.appendToStream(stream, events, { expectedStreamVersion: BigInt(expectedVersion) });
    },
    async close() {
      await store.close();
      await db.drop();
    },
  };
}

/** Events/s of one contender for one configuration: a warm-up, then a fixed duration, on fresh streams. */
async function measure(c: Contender, run: string, cfg: (typeof CONFIGS)[number], warmupMs: number, durationMs: number): Promise<number> {
  const versions = new Map<string, number>();
  const once = (phase: string) => async (w: number) => {
    const stream = `bench-${run}-${phase}-${w}`;
    const v = versions.get(stream) ?? 0;
    await c.append(stream, v, cfg.eventsPerTx);
    versions.set(stream, v + cfg.eventsPerTx);
    return cfg.eventsPerTx;
  };
  await throughput(cfg.writers, warmupMs, once('warm'));
  return throughput(cfg.writers, durationMs, once('measure'));
}

export const benchAppend: Benchmark = async (ctx: BenchContext) => {
  // Many short alternating runs rather than a few long ones: on a shared machine the load drifts, and the
  // median of pairs measured side by side is steadier than one long run each.
  const reps = ctx.smoke ? 1 : 5;
  const [warmupMs, durationMs] = ctx.smoke ? [200, 500] : [500, 2000];
  const contenders = { ours: await ours(await createScratchDatabase('bench_ours', POOL_SIZE)), emmett: await emmett(await createScratchDatabase('bench_emmett', POOL_SIZE)) };
  const rows: BenchRow[] = [];
  try {
    for (const cfg of CONFIGS) {
      const results = { ours: [] as number[], emmett: [] as number[] };
      for (let rep = 0; rep < reps; rep++) {
        // Alternate who goes first, so a drift in the machine's load does not favour one side.
        const order = rep % 2 === 0 ? (['ours', 'emmett'] as const) : (['emmett', 'ours'] as const);
        for (const who of order) results[who].push(await measure(contenders[who], `${cfg.eventsPerTx}x${cfg.writers}-${rep}`, cfg, warmupMs, durationMs));
        ctx.log(`append ${cfg.eventsPerTx} events/tx, ${cfg.writers} writers, run ${rep + 1}/${reps}: ours ${results.ours.at(-1)!.toFixed(0)}, emmett ${results.emmett.at(-1)!.toFixed(0)} events/s`);
      }
      rows.push({
        figure: `append${IN_TX ? ' in tx' : ''}, ${cfg.eventsPerTx} event${cfg.eventsPerTx > 1 ? 's' : ''}/tx, ${cfg.writers} writer${cfg.writers > 1 ? 's' : ''}`,
        unit: 'events/s',
        ours: median(results.ours),
        reference: 'emmett-postgresql 0.42',
        theirs: median(results.emmett),
        goal: 1.0,
      });
    }
  } finally {
    await contenders.ours.close();
    await contenders.emmett.close();
  }
  return rows;
};
