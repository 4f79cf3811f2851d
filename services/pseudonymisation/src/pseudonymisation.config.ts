import { IsString, Validate, ValidatorConstraint, type ValidatorConstraintInterface } from 'class-validator';
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

/**
 * The pseudonymisation service's settings: the base ones plus the master key that wraps every pseudonym
 * domain's keys. It has no default on purpose, and must be kept: without it no stored domain key opens, so no
 * patient gets their earlier pseudonym again.
 */
export class PseudonymisationConfig extends BaseServiceConfig {
  @IsString({ message: 'PSEUDONYM_MASTER_KEY is required' })
  @Validate(PseudonymMasterKeyConstraint)
  PSEUDONYM_MASTER_KEY!: string;
}

/** The validated master key secret (a Buffer of at least 32 bytes). */
export const PSEUDONYM_MASTER_KEY = Symbol('PSEUDONYM_MASTER_KEY');

/**
 * Interim, for the quality mapping until it enters patients through PseudonymDomains: a key derived from the
 * master key (never the master key itself). Remove with its last user.
 */
export const PSEUDONYM_KEY = Symbol('PSEUDONYM_KEY');
