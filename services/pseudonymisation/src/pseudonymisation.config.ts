import { IsString, Validate, ValidatorConstraint, type ValidatorConstraintInterface } from 'class-validator';
import { BaseServiceConfig } from '@hub/service-kit';

const MIN_KEY_BYTES = 32;

/** Decodes a base64 key, or undefined when it is not canonical base64. */
export function decodeKey(value: string): Buffer | undefined {
  const bytes = Buffer.from(value, 'base64');
  // Buffer.from silently skips invalid characters; the round trip catches that.
  return bytes.toString('base64').replace(/=+$/, '') === value.trim().replace(/=+$/, '') ? bytes : undefined;
}

@ValidatorConstraint({ name: 'pseudonymKey' })
class PseudonymKeyConstraint implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    return typeof value === 'string' && (decodeKey(value)?.length ?? 0) >= MIN_KEY_BYTES;
  }

  defaultMessage(): string {
    return `must be base64 of at least ${MIN_KEY_BYTES} random bytes (e.g. head -c 32 /dev/urandom | base64); there is no default`;
  }
}

/** The pseudonymisation service's settings: the base ones plus the pseudonym key, which has no default on purpose. */
export class PseudonymisationConfig extends BaseServiceConfig {
  @IsString({ message: 'QUALITY_PSEUDONYM_KEY is required' })
  @Validate(PseudonymKeyConstraint)
  QUALITY_PSEUDONYM_KEY!: string;
}

export const PSEUDONYM_KEY = Symbol('PSEUDONYM_KEY');
