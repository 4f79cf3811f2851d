import { DomainError } from '@hub/service-kit/errors';

/**
 * An envelope whose GCM tag does not verify: its bytes, subject or key version were altered, or it was
 * sealed under another key. Never "erased": tampering must be loud, erasure is an expected state.
 */
export class EnvelopeTamperedError extends DomainError {
  constructor(readonly subject: string, readonly keyVersion: number) {
    super('illegal-state', `encrypted field of subject ${subject} (key v${keyVersion}) failed authentication: altered or sealed under another key`);
  }
}

/** New personal data for a subject whose keys were erased: refused, so nothing readable is written after erasure. */
export class SubjectErasedError extends DomainError {
  constructor(readonly subject: string) {
    super('illegal-state', `subject ${subject} has been erased; no new personal data can be encrypted for it`);
  }
}

/**
 * A data key that should exist (no erasure was recorded) is missing, or its master key version is not
 * configured. Distinct from erasure so that lost keys are never mistaken for a lawful deletion.
 */
export class SubjectKeyUnavailableError extends DomainError {
  constructor(message: string) {
    super('illegal-state', message);
  }
}

/** The master key configuration is unusable; lists every problem at once. */
export class MasterKeyConfigError extends DomainError {
  constructor(problems: string[]) {
    super('validation', `invalid subject master key configuration: ${problems.join('; ')}`, problems.map((message) => ({ message })));
  }
}
