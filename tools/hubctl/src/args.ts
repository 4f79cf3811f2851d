import { parseArgs } from 'node:util';
import { projectionNamed, PROJECTIONS, type Projection } from '@hub/projections';
import { UsageError } from './command';

type OptionTypes = Record<string, { type: 'string' | 'boolean' }>;

/** Parses `--name value` options strictly: an unknown or malformed option is a usage error, never ignored. */
export function parseOptions(args: string[], options: OptionTypes): Record<string, string | boolean | undefined> {
  try {
    return parseArgs({ args, options, strict: true, allowPositionals: false }).values as Record<string, string | boolean | undefined>;
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
}

export function required(value: string | boolean | undefined, flag: string): string {
  if (typeof value !== 'string' || value === '') throw new UsageError(`${flag} is required`);
  return value;
}

/**
 * An instant with an explicit offset (`2026-11-24T12:00:00Z`, `...+01:00`): an audit question must not depend
 * on the time zone of the machine answering it, so local times and bare dates are refused.
 */
export function parseInstant(value: string, flag: string): Date {
  const explicit = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/.test(value);
  const at = new Date(value);
  if (!explicit || Number.isNaN(at.getTime())) throw new UsageError(`${flag} must be an ISO-8601 instant with Z or an offset, e.g. 2026-11-24T12:00:00Z (got ${JSON.stringify(value)})`);
  return at;
}

export function parsePosition(value: string, flag: string): bigint {
  if (!/^\d{1,19}$/.test(value)) throw new UsageError(`${flag} must be a global position (a non-negative integer), got ${JSON.stringify(value)}`);
  return BigInt(value);
}

export function parseProjection(value: string | boolean | undefined): Projection {
  const name = required(value, '--projection');
  const projection = projectionNamed(name);
  if (!projection) throw new UsageError(`unknown projection ${JSON.stringify(name)}; known: ${PROJECTIONS.map((p) => p.name).join(', ')}`);
  return projection;
}

export function parseDatabaseUrl(value: string | boolean | undefined): string {
  const url = required(value, '--database');
  if (!/^postgres(ql)?:\/\//.test(url)) throw new UsageError('--database must be a postgres:// URL');
  return url;
}
