import { MasterKeyConfigError, SubjectKeyUnavailableError } from './errors';

/** One version of the master key (key-encryption key). */
export interface MasterKey {
  version: number;
  key: Buffer;
}

/**
 * The master keys a service holds: the current one wraps new data keys; retired ones only unwrap keys not yet
 * re-wrapped by `rotateMasterKey`. Once rotation has run, drop the retired key from the configuration: every
 * copy of a wrapped key left in backups, WAL or dead tuples (including keys of subjects erased since) then
 * becomes unreadable too.
 */
export interface MasterKeyring {
  current: MasterKey;
  byVersion(version: number): MasterKey;
}

/**
 * A keyring from explicit keys (tests, tools; services read theirs with masterKeyringFromEnv). `missing` makes
 * the error for a version that is not configured, so each user can name its own setting.
 */
export function buildKeyring(current: MasterKey, retired: MasterKey[] = [], missing: (version: number, current: number) => Error = missingSubjectMasterKey): MasterKeyring {
  const all = new Map([...retired, current].map((k) => [k.version, k]));
  return {
    current,
    byVersion(version) {
      const key = all.get(version);
      if (!key) throw missing(version, current.version);
      return key;
    },
  };
}

const missingSubjectMasterKey = (version: number, current: number) =>
  new SubjectKeyUnavailableError(`master key v${version} is not configured (current v${current}); add it to SUBJECT_MASTER_KEYS_RETIRED until rotation has re-wrapped its keys`);

function decodeKey(name: string, base64: string | undefined, problems: string[]): Buffer | undefined {
  if (!base64) return void problems.push(`${name} is required (base64 of 32 random bytes, e.g. openssl rand -base64 32)`);
  const key = Buffer.from(base64, 'base64');
  if (key.length !== 32 || key.toString('base64') !== base64.trim()) return void problems.push(`${name} must be base64 of exactly 32 bytes`);
  return key;
}

function parseVersion(name: string, raw: string | undefined, problems: string[]): number | undefined {
  const version = Number(raw);
  if (!/^[1-9][0-9]*$/.test(raw ?? '')) return void problems.push(`${name} must be a positive integer, got ${JSON.stringify(raw)}`);
  return version;
}

/**
 * Reads the keyring from the environment, listing every problem at once:
 * `SUBJECT_MASTER_KEY` (base64, 32 bytes), `SUBJECT_MASTER_KEY_VERSION` (default 1) and optionally
 * `SUBJECT_MASTER_KEYS_RETIRED` as `version:base64[,version:base64]`.
 */
export function masterKeyringFromEnv(env: Record<string, string | undefined> = process.env): MasterKeyring {
  const problems: string[] = [];
  const key = decodeKey('SUBJECT_MASTER_KEY', env.SUBJECT_MASTER_KEY, problems);
  const version = parseVersion('SUBJECT_MASTER_KEY_VERSION', env.SUBJECT_MASTER_KEY_VERSION ?? '1', problems);
  const retired: MasterKey[] = [];
  for (const [i, entry] of (env.SUBJECT_MASTER_KEYS_RETIRED ?? '').split(',').filter(Boolean).entries()) {
    const [rawVersion, b64] = entry.split(':');
    const v = parseVersion(`SUBJECT_MASTER_KEYS_RETIRED[${i}] version`, rawVersion, problems);
    const k = decodeKey(`SUBJECT_MASTER_KEYS_RETIRED[${i}] key`, b64, problems);
    if (v !== undefined && v === version) problems.push(`SUBJECT_MASTER_KEYS_RETIRED[${i}] reuses the current version ${v}`);
    if (v !== undefined && k) retired.push({ version: v, key: k });
  }
  if (problems.length > 0 || !key || version === undefined) throw new MasterKeyConfigError(problems);
  return buildKeyring({ version, key }, retired);
}
