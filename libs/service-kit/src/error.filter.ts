import { ArgumentsHost, Catch, HttpException, type ExceptionFilter } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { Logger as PinoLogger } from 'pino';
import { DomainError, HTTP_STATUS_OF, OperationOutcomeError, type DomainErrorCode, type OutcomeIssue as FhirIssue, type Problem } from './errors';

const FHIR_ISSUE_CODE: Record<DomainErrorCode, string> = {
  malformed: 'structure',
  validation: 'invalid',
  'illegal-state': 'business-rule',
  'not-found': 'not-found',
  conflict: 'conflict',
  denied: 'forbidden',
  unauthenticated: 'login',
};

interface Failure {
  status: number;
  title: string;
  code: DomainErrorCode | 'structure' | 'too-costly' | 'exception';
  problems: Problem[];
  issues?: FhirIssue[];
}

/** body-parser's errors (malformed JSON, oversized payload) arrive here as plain errors with a `type`. */
function fromBodyParser(err: { type?: string; message?: string }): Failure | undefined {
  if (err.type === 'entity.parse.failed') return { status: 400, title: 'Malformed JSON', code: 'structure', problems: [{ message: `body is not valid JSON: ${err.message}` }] };
  if (err.type === 'entity.too.large') return { status: 413, title: 'Payload too large', code: 'too-costly', problems: [{ message: 'body exceeds the size limit' }] };
  return undefined;
}

export function toFailure(err: unknown): Failure {
  if (err instanceof DomainError) {
    const issues = err instanceof OperationOutcomeError ? err.issues : undefined;
    return { status: HTTP_STATUS_OF[err.code], title: err.message, code: err.code, problems: err.problems, issues };
  }
  const parser = fromBodyParser(err as { type?: string });
  if (parser) return parser;
  if (err instanceof HttpException) {
    const body = err.getResponse() as { message?: string | string[] } | string;
    const messages = typeof body === 'string' ? [body] : Array.isArray(body.message) ? body.message : [body.message ?? err.message];
    const code: DomainErrorCode = err.getStatus() === 404 ? 'not-found' : err.getStatus() === 403 ? 'denied' : 'validation';
    return { status: err.getStatus(), title: err.message, code, problems: messages.map((message) => ({ message })) };
  }
  return { status: 500, title: 'Internal error', code: 'exception', problems: [{ message: 'internal error; see the service log' }] };
}

export function toOperationOutcome(f: Failure): { resourceType: 'OperationOutcome'; issue: FhirIssue[] } {
  const issue =
    f.issues ??
    f.problems.map((p) => ({
      severity: f.status >= 500 ? ('fatal' as const) : ('error' as const),
      code: f.code in FHIR_ISSUE_CODE ? FHIR_ISSUE_CODE[f.code as DomainErrorCode] : f.code,
      diagnostics: p.message,
      ...(p.location ? { expression: [p.location] } : {}),
    }));
  return { resourceType: 'OperationOutcome', issue };
}

/**
 * The single place HTTP errors are shaped: FHIR routes answer with an OperationOutcome listing every issue,
 * other routes with RFC 7807 problem details. Unexpected errors are logged with their stack, never leaked.
 */
@Catch()
export class HubErrorFilter implements ExceptionFilter {
  constructor(private readonly logger: PinoLogger) {}

  catch(err: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    this.respond(err, http.getRequest<Request>(), http.getResponse<Response>());
  }

  respond(err: unknown, req: Request, res: Response): void {
    const failure = toFailure(err);
    // RFC 6750: a 401 names the scheme the client must use.
    if (failure.status === 401) res.setHeader('WWW-Authenticate', 'Bearer realm="pro-hub"');
    if (failure.status >= 500) this.logger.error({ err, path: req.path }, 'request failed');
    if (req.path.startsWith('/fhir')) {
      res.status(failure.status).type('application/fhir+json').send(JSON.stringify(toOperationOutcome(failure)));
      return;
    }
    res
      .status(failure.status)
      .type('application/problem+json')
      .send(JSON.stringify({ type: `urn:pro-hub:problem:${failure.code}`, title: failure.title, status: failure.status, errors: failure.problems }));
  }
}
