import { UsageError } from '../command';

export type VerifySource = { kind: 'database'; url: string } | { kind: 'file'; path: string } | { kind: 'kafka'; brokers: string[]; topics: string[] };

export interface VerifyArgs {
  source: VerifySource;
  publicKeyFiles: string[];
  json: boolean;
  /** Hashing threads; undefined = one per core. */
  workers?: number;
  /** Only streams whose id starts with this (e.g. one patient's streams on a shared topic). */
  streamPrefix?: string;
  /** Files of checkpoints the auditor verified before: the log must still extend each of them. */
  trustedCheckpointFiles: string[];
  /** Where to write the latest verified checkpoint, when the log verifies. */
  saveCheckpointFile?: string;
}

/** Options that take a value, and whether they may repeat. */
const VALUED: Record<string, boolean> = { '--database': false, '--file': false, '--kafka': false, '--topic': true, '--public-key': true, '--workers': false, '--stream-prefix': false, '--trusted-checkpoint': true, '--save-checkpoint': false };

/** Parses `hubctl verify` arguments; any mistake is a UsageError (exit 2) naming it. */
export function parseVerifyArgs(args: readonly string[]): VerifyArgs {
  const values = new Map<string, string[]>();
  let json = false;
  for (let i = 0; i < args.length; i++) {
    const [flag, inline] = args[i].split(/=(.*)/s, 2);
    if (flag === '--json') {
      json = true;
      continue;
    }
    if (!(flag in VALUED)) throw new UsageError(`unknown option ${flag}`);
    const value = inline ?? args[++i];
    if (value === undefined || value.startsWith('--')) throw new UsageError(`${flag} needs a value`);
    if (values.has(flag) && !VALUED[flag]) throw new UsageError(`${flag} given twice`);
    values.set(flag, [...(values.get(flag) ?? []), value]);
  }
  const one = (flag: string) => values.get(flag)?.[0];
  const sources = ['--database', '--file', '--kafka'].filter((f) => values.has(f));
  if (sources.length !== 1) throw new UsageError('give exactly one source: --database URL, --file F or --kafka BROKERS --topic T');
  const topics = values.get('--topic') ?? [];
  if (sources[0] === '--kafka' && topics.length === 0) throw new UsageError('--kafka needs at least one --topic');
  if (sources[0] !== '--kafka' && topics.length > 0) throw new UsageError('--topic only goes with --kafka');
  const workers = one('--workers') === undefined ? undefined : Number(one('--workers'));
  if (workers !== undefined && !(Number.isInteger(workers) && workers >= 0 && workers <= 64)) throw new UsageError('--workers must be an integer 0..64 (0 = hash on the main thread)');
  const checkpointFlags = ['--trusted-checkpoint', '--save-checkpoint'].filter((f) => values.has(f));
  if (checkpointFlags.length > 0 && sources[0] === '--kafka') throw new UsageError(`${checkpointFlags[0]} needs the audit sequence and checkpoints, which are not on Kafka: verify the database or an export`);
  if (checkpointFlags.length > 0 && values.has('--stream-prefix')) throw new UsageError(`${checkpointFlags[0]} needs the whole log's audit sequence: not with --stream-prefix`);
  const source: VerifySource =
    sources[0] === '--database'
      ? { kind: 'database', url: one('--database')! }
      : sources[0] === '--file'
        ? { kind: 'file', path: one('--file')! }
        : { kind: 'kafka', brokers: one('--kafka')!.split(','), topics };
  return {
    source,
    publicKeyFiles: values.get('--public-key') ?? [],
    json,
    workers,
    streamPrefix: one('--stream-prefix'),
    trustedCheckpointFiles: values.get('--trusted-checkpoint') ?? [],
    saveCheckpointFile: one('--save-checkpoint'),
  };
}
