import { EXIT, UsageError, type HubctlCommand } from '../command';
import { exportDatabase } from '../verify/database-export';

const USAGE = `usage: hubctl export --database URL --out FILE.jsonl

Writes a service's event log (events, audit sequence, signed checkpoints) from one consistent snapshot to a
JSONL file that \`hubctl verify --file\` checks offline. Exit codes: 0 written, 2 usage, 3 database unavailable.`;

/** `hubctl export`: see USAGE. */
export const exportCommand: HubctlCommand = {
  name: 'export',
  usage: USAGE,
  async run(argv, io) {
    const opts = new Map<string, string>();
    for (let i = 0; i < argv.length; i += 2) {
      if (!['--database', '--out'].includes(argv[i]) || argv[i + 1] === undefined) throw new UsageError(`unexpected ${argv[i]}`);
      opts.set(argv[i], argv[i + 1]);
    }
    const [url, out] = [opts.get('--database'), opts.get('--out')];
    if (!url || !out) throw new UsageError('--database and --out are required');
    const { events } = await exportDatabase(url, out);
    io.err(`exported ${events} events to ${out}`);
    return EXIT.ok;
  },
};
