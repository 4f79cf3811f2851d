/** What went wrong, in the house's small vocabulary. Transports map codes to status codes in one place. */
export type DomainErrorCode = 'malformed' | 'validation' | 'illegal-state' | 'not-found' | 'conflict' | 'denied' | 'unauthenticated';

export interface Problem {
  /** Where in the input: a JSON pointer or FHIRPath-like expression. */
  location?: string;
  message: string;
}

export class DomainError extends Error {
  constructor(
    readonly code: DomainErrorCode,
    message: string,
    readonly problems: Problem[] = [{ message }],
    readonly retriable = false,
  ) {
    super(message);
  }
}

export const validationError = (message: string, problems?: Problem[]) => new DomainError('validation', message, problems);
export const notFound = (message: string) => new DomainError('not-found', message);
export const illegalState = (message: string) => new DomainError('illegal-state', message);
export const denied = (message: string) => new DomainError('denied', message);
/** No valid credentials (missing, unsigned, expired, for another audience): 401, never 403. */
export const unauthenticated = (message: string) => new DomainError('unauthenticated', message);

export const HTTP_STATUS_OF: Record<DomainErrorCode, number> = {
  malformed: 400,
  validation: 422,
  'illegal-state': 409,
  'not-found': 404,
  conflict: 409,
  denied: 403,
  unauthenticated: 401,
};

/** A FHIR OperationOutcome issue, as the FHIR routes report them. */
export interface OutcomeIssue {
  severity: 'fatal' | 'error' | 'warning' | 'information';
  code: string;
  diagnostics: string;
  expression?: string[];
}

/** A refusal that already speaks FHIR: every issue found, rendered as one OperationOutcome. */
export class OperationOutcomeError extends DomainError {
  constructor(
    code: DomainErrorCode,
    message: string,
    readonly issues: OutcomeIssue[],
  ) {
    super(code, message, issues.map((i) => ({ message: i.diagnostics, location: i.expression?.[0] })));
  }
}
