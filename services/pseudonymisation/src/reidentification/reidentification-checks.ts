import type { ReidentificationJustification, ReidentificationPurpose } from '@hub/contracts';
import type { Problem } from '@hub/service-kit/errors';

export const PURPOSES: readonly ReidentificationPurpose[] = ['adverse-event-follow-up', 'quality-follow-up'];
export const JUSTIFICATIONS: readonly ReidentificationJustification[] = ['adverse-event-pattern', 'medication-error', 'readmission', 'outlying-result', 'data-error'];
export const MAX_PSEUDONYMS = 100;
const FIELDS = ['purpose', 'justification', 'domain', 'pseudonyms'];
/** The quality pseudonym's shape (as in the quality record contracts); whether it names a patient is looked up on release. */
const PSEUDONYM = /^[A-Z2-7]{16}[0-9A-Z]$/;

/** A request body once checked: codes and pseudonyms only. */
export interface ReidentificationRequestBody {
  purpose: ReidentificationPurpose;
  justification: ReidentificationJustification;
  domain: 'quality';
  pseudonyms: string[];
}

const oneOf = (value: unknown, allowed: readonly string[], location: string): Problem[] =>
  typeof value === 'string' && allowed.includes(value) ? [] : [{ location, message: `${location} is required and must be one of ${allowed.join(', ')}` }];

function pseudonymProblems(value: unknown): Problem[] {
  if (!Array.isArray(value) || value.length === 0 || value.length > MAX_PSEUDONYMS) {
    return [{ location: 'pseudonyms', message: `pseudonyms is required: a list of 1 to ${MAX_PSEUDONYMS} quality pseudonyms` }];
  }
  const seen = new Set<unknown>();
  return value.flatMap((p: unknown, i): Problem[] => {
    const location = `pseudonyms[${i}]`;
    if (typeof p !== 'string' || !PSEUDONYM.test(p)) return [{ location, message: `${location} is not a quality pseudonym (16 base32 characters and a check character)` }];
    if (seen.has(p)) return [{ location, message: `${location} repeats an earlier pseudonym` }];
    seen.add(p);
    return [];
  });
}

/**
 * Every problem with a request body at once. Messages never repeat the input: they are stored in the refusal
 * event, and a wrongly pasted CPR number must not end up in the audit trail. Unknown fields are refused, so no
 * free text (which could hold personal data) travels with a request.
 */
export function requestProblems(body: unknown): Problem[] {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return [{ message: 'the body must be a JSON object with purpose, justification, domain and pseudonyms' }];
  const b = body as Record<string, unknown>;
  const unknownFields = Object.keys(b).filter((k) => !FIELDS.includes(k)).length;
  const extra: Problem[] = unknownFields > 0 ? [{ message: `${unknownFields} unknown field(s): a request carries ${FIELDS.join(', ')} only, no free text` }] : [];
  return [
    ...oneOf(b.purpose, PURPOSES, 'purpose'),
    ...oneOf(b.justification, JUSTIFICATIONS, 'justification'),
    ...oneOf(b.domain, ['quality'], 'domain'),
    ...pseudonymProblems(b.pseudonyms),
    ...extra,
  ];
}

/** The body as a checked request; only call after requestProblems found nothing. */
export function toRequestBody(body: unknown): ReidentificationRequestBody {
  const { purpose, justification, pseudonyms } = body as ReidentificationRequestBody;
  return { purpose, justification, domain: 'quality', pseudonyms: [...pseudonyms] };
}
