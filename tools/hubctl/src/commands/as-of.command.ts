import type { Kafka } from 'kafkajs';
import { Pool } from 'pg';
import { createKafka, silentLogger } from '@hub/messaging';
import { countEvents, eventStoreFeed, foldInMemory, kafkaFeed, rangeSize, wholeTopics, type EventFeed, type Filled, type Projection } from '@hub/projections';
import { parseDatabaseUrl, parseInstant, parseOptions, parseProjection, required } from '../args';
import { EXIT, UsageError, type CommandIo, type HubctlCommand } from '../command';
import { startProgress } from '../progress';
import { formatTable } from '../report-format';

const usage = `usage: hubctl as-of (--database URL | --kafka BROKERS) --projection NAME --at INSTANT [--unit SOR] [--json]

Prints what a projection said at INSTANT, recomputed in memory from a copy of the log; nothing is written.
  --database URL     an event store (live or restored from a dump): events recorded up to INSTANT (recorded_at)
  --kafka BROKERS    host:port[,host:port]: the topics from their first offset, messages whose broker timestamp
                     is up to INSTANT (the time the relay published them, at or just after they were recorded)
  --projection NAME  response-rate | indicators
  --at INSTANT       ISO-8601 instant with Z or an offset, e.g. 2026-11-24T12:00:00Z
  --unit SOR         only this organisation unit
  --json             print JSON: the rows, the event counts and the digest of the projection's state

Exit codes: 0 answered (also when there was no data), 2 usage error, 3 source unreachable or unreadable.`;

async function fromDatabase(url: string, projection: Projection, at: Date, io: CommandIo): Promise<Filled> {
  const pool = new Pool({ connectionString: url, max: 2, application_name: 'hubctl-as-of' });
  try {
    const progress = startProgress(io, `as-of ${projection.name}`, await countEvents(pool, projection.eventTypes));
    const filled = await foldInMemory(projection, eventStoreFeed(pool, { types: projection.eventTypes, until: at }), (n) => progress.update(n));
    progress.stop();
    return filled;
  } finally {
    await pool.end();
  }
}

async function fromKafka(kafka: Kafka, projection: Projection, at: Date, io: CommandIo): Promise<Filled> {
  const admin = kafka.admin();
  await admin.connect();
  const ranges = await wholeTopics(admin, projection.topics).finally(() => admin.disconnect());
  let unreadable = 0;
  const feed: EventFeed = kafkaFeed(kafka, ranges, { types: projection.eventTypes, until: at, onUnreadable: () => unreadable++ });
  const progress = startProgress(io, `as-of ${projection.name}`, rangeSize(ranges));
  const filled = await foldInMemory(projection, feed, (n) => progress.update(n));
  progress.stop();
  if (unreadable > 0) io.err(`passed over ${unreadable} message(s) that are not valid events (consumers dead-letter these too)`);
  return filled;
}

/** `hubctl as-of`: what a projection said at an instant, from a database copy or the Kafka topics. */
export const asOfCommand: HubctlCommand = {
  name: 'as-of',
  usage,
  async run(args, io) {
    const opts = parseOptions(args, { database: { type: 'string' }, kafka: { type: 'string' }, projection: { type: 'string' }, at: { type: 'string' }, unit: { type: 'string' }, json: { type: 'boolean' } });
    if ((opts.database === undefined) === (opts.kafka === undefined)) throw new UsageError('give exactly one source: --database or --kafka');
    const projection = parseProjection(opts.projection);
    const at = parseInstant(required(opts.at, '--at'), '--at');
    const unit = opts.unit === undefined ? undefined : String(opts.unit);
    if (unit !== undefined && !/^\d{6,18}$/.test(unit)) throw new UsageError('--unit must be a SOR code: 6 to 18 digits');
    let filled: Filled;
    if (opts.database !== undefined) filled = await fromDatabase(parseDatabaseUrl(opts.database), projection, at, io);
    else {
      const brokers = required(opts.kafka, '--kafka');
      if (!/^[^,\s]+:\d+(,[^,\s]+:\d+)*$/.test(brokers)) throw new UsageError('--kafka must be host:port[,host:port]');
      filled = await fromKafka(createKafka('hubctl', brokers.split(','), silentLogger), projection, at, io);
    }
    const rows = projection.report(filled.rows, { unit });
    const source = opts.database !== undefined ? 'database' : 'kafka';
    if (opts.json) io.out(JSON.stringify({ projection: projection.name, at: at.toISOString(), source, unit: unit ?? null, eventsRead: filled.read, eventsApplied: filled.applied, digest: filled.digest, rows }));
    else {
      for (const line of formatTable(rows)) io.out(line);
      io.err(`${projection.name} as of ${at.toISOString()} from ${source}: ${rows.length} row(s) from ${filled.applied} events (${filled.read} read); state digest ${filled.digest}`);
      if (rows.length === 0) io.err(unit ? `no ${projection.name} data for unit ${unit} at that instant` : `no ${projection.name} data at that instant`);
    }
    return EXIT.ok;
  },
};
