import { Pool } from 'pg';
import { countEvents, eventStoreFeed, fillTable } from '@hub/projections';
import { parseDatabaseUrl, parseInstant, parseOptions, parsePosition, parseProjection, required } from '../args';
import { EXIT, UsageError, type HubctlCommand } from '../command';
import { startProgress } from '../progress';

const usage = `usage: hubctl replay --database URL --projection NAME --into TABLE [--until INSTANT | --position P] [--json]

Rebuilds a projection from an event store (a live database or one restored from a dump) into TABLE in that
same database, as of a point in the log: events recorded up to INSTANT (the events table's recorded_at), or
up to global position P. No service needs to run. TABLE is created afresh (dropped first if it exists); the
live table of the projection is refused.

  --database URL     postgres:// URL of the database holding the events table
  --projection NAME  projection to rebuild (response-rate | indicators)
  --into TABLE       table to fill (lower-case letters, digits, _)
  --until INSTANT    ISO-8601 instant with Z or an offset, e.g. 2026-11-24T12:00:00Z
  --position P       global position (inclusive)
  --json             print the summary as JSON

Exit codes: 0 replayed, 2 usage error, 3 database unreachable or unreadable.`;

/** `hubctl replay`: state as of a point in time, rebuilt from the event store into a table an auditor can query. */
export const replayCommand: HubctlCommand = {
  name: 'replay',
  usage,
  async run(args, io) {
    const opts = parseOptions(args, {
      database: { type: 'string' },
      projection: { type: 'string' },
      into: { type: 'string' },
      until: { type: 'string' },
      position: { type: 'string' },
      json: { type: 'boolean' },
    });
    const url = parseDatabaseUrl(opts.database);
    const projection = parseProjection(opts.projection);
    const into = required(opts.into, '--into');
    if (!/^[a-z_][a-z0-9_]{0,62}$/.test(into)) throw new UsageError('--into must be a plain table name: lower-case letters, digits, _');
    if (into === projection.table) throw new UsageError(`--into must not be the live table ${projection.table}`);
    if (opts.until !== undefined && opts.position !== undefined) throw new UsageError('give --until or --position, not both');
    const until = opts.until === undefined ? undefined : parseInstant(String(opts.until), '--until');
    const position = opts.position === undefined ? undefined : parsePosition(String(opts.position), '--position');

    const pool = new Pool({ connectionString: url, max: 2, application_name: 'hubctl-replay' });
    try {
      const total = await countEvents(pool, projection.eventTypes);
      const progress = startProgress(io, `replay ${projection.name}`, total);
      const filled = await fillTable(pool, projection, into, eventStoreFeed(pool, { types: projection.eventTypes, until, position }), (n) => progress.update(n));
      progress.stop();
      const summary = { projection: projection.name, table: into, until: until?.toISOString() ?? null, position: position?.toString() ?? null, eventsRead: filled.read, eventsApplied: filled.applied, rows: filled.rows.length, digest: filled.digest };
      if (opts.json) io.out(JSON.stringify(summary));
      else {
        const cut = until ? `recorded up to ${summary.until}` : position !== undefined ? `up to position ${summary.position}` : 'all events';
        io.out(`replayed ${projection.name} into ${into}: ${filled.applied} events applied (${cut}; ${filled.read} read), ${filled.rows.length} rows`);
        io.out(`digest ${filled.digest}`);
      }
      return EXIT.ok;
    } finally {
      await pool.end();
    }
  },
};
