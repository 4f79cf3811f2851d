import { randomUUID } from 'node:crypto';
import { Client, Pool } from 'pg';
import { appendToStream, ensureEventStoreSchema, type NewEvent } from '@hub/event-store';
import { connectProducer, createKafka, silentLogger, startRelay } from '@hub/messaging';
import { dispatchRecord, newDispatchRef, newUnitSor, responseRecord } from '@hub/projections/testing';
import { createScratchDatabase, requireEnv, type ScratchDatabase } from '@hub/testing';
import { EXIT, type CommandIo } from '../command';
import { main } from '../main';
import { asOfCommand } from './as-of.command';
import { replayCommand } from './replay.command';

jest.setTimeout(60_000);

let store: ScratchDatabase;
let copyUrl: string;
let copyName: string;
let cut: Date;
const unit = newUnitSor();

function capture(): CommandIo & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (l) => stdout.push(l), err: (l) => stderr.push(l), interactive: false };
}

const write = async (events: NewEvent[]) => {
  for (const e of events) await appendToStream(store.pool, `quality-${randomUUID()}`, 0, [e]);
};

beforeAll(async () => {
  store = await createScratchDatabase('hubctl');
  store.pool.on('error', () => undefined);
  await ensureEventStoreSchema(store.pool);
  const producer = await connectProducer(createKafka('hubctl-int', requireEnv('KAFKA_BROKERS').split(','), silentLogger));
  const relay = startRelay({ name: 'hubctl-relay', pool: store.pool, producer, logger: silentLogger });
  const [a, b, c] = [newDispatchRef(), newDispatchRef(), newDispatchRef()];
  // Before the cut: three dispatches, one answered. After it: a second answer. Each published promptly, as
  // the running relay does, since Kafka's clock is the publication time.
  await write([dispatchRecord(a, unit), dispatchRecord(b, unit), dispatchRecord(c, unit), responseRecord(a, unit)]);
  await relay.drain();
  await new Promise((r) => setTimeout(r, 1_000));
  cut = new Date();
  await new Promise((r) => setTimeout(r, 1_000));
  await write([responseRecord(b, unit)]);
  await relay.drain();
  await relay.stop();
  await producer.disconnect();
  // The auditor's copy of the log: a database made from the store (as a restored dump would be).
  const admin = new Client({ connectionString: requireEnv('DATABASE_URL') });
  await admin.connect();
  const source = new URL(store.url).pathname.slice(1);
  copyName = `${source}_copy`;
  await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1', [source]);
  await admin.query(`CREATE DATABASE ${copyName} TEMPLATE ${source}`);
  await admin.end();
  const url = new URL(store.url);
  url.pathname = `/${copyName}`;
  copyUrl = url.toString();
});

afterAll(async () => {
  const admin = new Client({ connectionString: requireEnv('DATABASE_URL') });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${copyName} WITH (FORCE)`);
  await admin.end();
  await store.drop();
});

describe('hubctl replay and as-of on a copy of the log', () => {
  it('replay --until rebuilds the projection into a table as it stood at that instant', async () => {
    const io = capture();
    const code = await replayCommand.run(['--database', copyUrl, '--projection', 'response-rate', '--until', cut.toISOString(), '--into', 'rr_audit', '--json'], io);
    expect(code).toBe(EXIT.ok);
    const summary = JSON.parse(io.stdout[0]);
    expect(summary).toMatchObject({ projection: 'response-rate', table: 'rr_audit', eventsApplied: 4, eventsRead: 5, rows: 3 });
    const pool = new Pool({ connectionString: copyUrl });
    const { rows } = await pool.query('SELECT count(*) FILTER (WHERE answered)::int AS answered, count(*)::int AS n FROM rr_audit');
    await pool.end();
    expect(rows[0]).toEqual({ answered: 1, n: 3 });
  });

  it('as-of gives the same answer from the database copy and from the Kafka topics', async () => {
    const fromDb = capture();
    expect(await asOfCommand.run(['--database', copyUrl, '--projection', 'response-rate', '--at', cut.toISOString(), '--unit', unit, '--json'], fromDb)).toBe(EXIT.ok);
    const fromKafka = capture();
    expect(await asOfCommand.run(['--kafka', requireEnv('KAFKA_BROKERS'), '--projection', 'response-rate', '--at', cut.toISOString(), '--unit', unit, '--json'], fromKafka)).toBe(EXIT.ok);
    const expected = [{ unitSor: unit, numerator: 1, denominator: 3, rate: 1 / 3 }];
    expect(JSON.parse(fromDb.stdout[0]).rows).toEqual(expected);
    expect(JSON.parse(fromKafka.stdout[0]).rows).toEqual(expected);
    const now = capture();
    await asOfCommand.run(['--database', copyUrl, '--projection', 'response-rate', '--at', new Date().toISOString(), '--unit', unit], now);
    expect(now.stdout).toEqual(['unitSor       numerator  denominator  rate', `${unit}  2          3            0.6667`]);
  });

  it('exit codes: 2 for a usage error, 3 when the source is unreachable', async () => {
    const quiet = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      expect(await main(['as-of', '--projection', 'response-rate', '--at', 'yesterday', '--database', copyUrl])).toBe(EXIT.usage);
      expect(await main(['replay', '--database', copyUrl, '--projection', 'response-rate', '--into', 'response_rate_facts'])).toBe(EXIT.usage);
      expect(await main(['replay', '--database', 'postgres://nobody@127.0.0.1:1/none', '--projection', 'response-rate', '--into', 'x'])).toBe(EXIT.unavailable);
    } finally {
      quiet.mockRestore();
    }
  });
});
