import { IsString, Matches, Validate, ValidatorConstraint, type ValidationArguments, type ValidatorConstraintInterface } from 'class-validator';
import { BaseServiceConfig } from '@hub/service-kit';

const MIN_KEY_BYTES = 32;

/** Decodes a base64 key, or undefined when it is not canonical base64. */
export function decodeKey(value: string): Buffer | undefined {
  const bytes = Buffer.from(value, 'base64');
  // Buffer.from silently skips invalid characters; the round trip catches that.
  return bytes.toString('base64').replace(/=+$/, '') === value.trim().replace(/=+$/, '') ? bytes : undefined;
}

@ValidatorConstraint({ name: 'pseudonymMasterKey' })
class PseudonymMasterKeyConstraint implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    return typeof value === 'string' && (decodeKey(value)?.length ?? 0) >= MIN_KEY_BYTES;
  }

  defaultMessage(): string {
    return `must be base64 of at least ${MIN_KEY_BYTES} random bytes (e.g. head -c 32 /dev/urandom | base64); there is no default`;
  }
}

/** One version of the master key secret. */
export interface MasterKeySecret {
  version: number;
  secret: Buffer;
}

/** `version:base64[,version:base64]`, each at least 32 bytes and versions distinct; undefined when malformed. */
export function parseRetiredKeys(value: string): MasterKeySecret[] | undefined {
  const retired: MasterKeySecret[] = [];
  for (const entry of value.split(',').filter((e) => e.trim())) {
    const [version, base64, ...rest] = entry.trim().split(':');
    const secret = base64 === undefined ? undefined : decodeKey(base64);
    if (rest.length > 0 || !/^[1-9][0-9]{0,8}$/.test(version) || !secret || secret.length < MIN_KEY_BYTES) return undefined;
    if (retired.some((r) => r.version === Number(version))) return undefined;
    retired.push({ version: Number(version), secret });
  }
  return retired;
}

@ValidatorConstraint({ name: 'retiredPseudonymMasterKeys' })
class RetiredMasterKeysConstraint implements ValidatorConstraintInterface {
  validate(value: unknown, args: ValidationArguments): boolean {
    const retired = typeof value === 'string' ? parseRetiredKeys(value) : undefined;
    const current = Number((args.object as { PSEUDONYM_MASTER_KEY_VERSION?: string }).PSEUDONYM_MASTER_KEY_VERSION);
    return retired !== undefined && !retired.some((r) => r.version === current);
  }

  defaultMessage(): string {
    return `must be version:base64[,version:base64] of at least ${MIN_KEY_BYTES} bytes each, with versions distinct and not the current PSEUDONYM_MASTER_KEY_VERSION`;
  }
}

/**
 * The pseudonymisation service's settings: the base ones plus the master key that wraps every pseudonym
 * domain's keys. It has no default on purpose, and must be kept: without it no stored domain key opens, so no
 * patient gets their earlier pseudonym again.
 */
export class PseudonymisationConfig extends BaseServiceConfig {
  @IsString({ message: 'PSEUDONYM_MASTER_KEY is required' })
  @Validate(PseudonymMasterKeyConstraint)
  PSEUDONYM_MASTER_KEY!: string;

  /** The version of PSEUDONYM_MASTER_KEY; raise it with a new key to rotate the master key. */
  @Matches(/^[1-9][0-9]{0,8}$/, { message: 'PSEUDONYM_MASTER_KEY_VERSION must be a positive integer (default 1)' })
  PSEUDONYM_MASTER_KEY_VERSION: string = '1';

  /**
   * Earlier master keys, kept only until POST /pseudonym-domains/master-key-rotations has re-wrapped every
   * domain key under the current one; then drop them, so old copies of wrapped keys (backups) no longer open.
   */
  @Validate(RetiredMasterKeysConstraint)
  PSEUDONYM_MASTER_KEYS_RETIRED: string = '';
}

export interface PseudonymMasterKeys {
  current: MasterKeySecret;
  retired: MasterKeySecret[];
}

/** The current and retired master key secrets of a validated configuration. */
export function masterKeysOf(config: PseudonymisationConfig): PseudonymMasterKeys {
  return { current: { version: Number(config.PSEUDONYM_MASTER_KEY_VERSION), secret: decodeKey(config.PSEUDONYM_MASTER_KEY)! }, retired: parseRetiredKeys(config.PSEUDONYM_MASTER_KEYS_RETIRED)! };
}
