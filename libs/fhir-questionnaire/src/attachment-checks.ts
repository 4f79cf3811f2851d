// Attachment answers: declared size against the inline data, the maxSize extension, allowed mimeTypes.
import type { TypedValue } from './answer-value';
import { EXT, extensionsOf, numericExtension } from './extensions';
import type { Attachment, QuestionnaireItem } from './fhir.types';
import { errorAt, type OperationOutcomeIssue } from './operation-outcome';

/** Decoded byte length of base64 data, or undefined when it is not valid base64. */
export function base64ByteLength(data: string): number | undefined {
  const compact = data.replace(/\s+/g, '');
  if (compact.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(compact)) return undefined;
  const padding = compact.endsWith('==') ? 2 : compact.endsWith('=') ? 1 : 0;
  return (compact.length / 4) * 3 - padding;
}

// A media type without parameters, lower-cased: "text/plain; charset=utf-8" is a text/plain.
const mediaType = (contentType: string) => contentType.split(';')[0].trim().toLowerCase();

function mimeTypeAllowed(contentType: string, allowed: string[]): boolean {
  const actual = mediaType(contentType);
  return allowed.some((a) => {
    const wanted = mediaType(a);
    return wanted === actual || (wanted.endsWith('/*') && actual.startsWith(wanted.slice(0, -1)));
  });
}

function sizeIssues(item: QuestionnaireItem, attachment: Attachment, path: string): OperationOutcomeIssue[] {
  const issues: OperationOutcomeIssue[] = [];
  const decoded = typeof attachment.data === 'string' ? base64ByteLength(attachment.data) : undefined;
  if (typeof attachment.data === 'string' && decoded === undefined) issues.push(errorAt('value', 'attachment data is not valid base64', path));
  if (decoded !== undefined && typeof attachment.size === 'number' && attachment.size !== decoded) {
    issues.push(errorAt('value', `attachment declares size ${attachment.size} but its data holds ${decoded} bytes`, path));
  }
  const maxSize = numericExtension(item, EXT.maxSize);
  // The declared size counts for url-only attachments; inline data is measured rather than trusted.
  const size = decoded ?? attachment.size;
  if (maxSize !== undefined && typeof size === 'number' && size > maxSize) {
    issues.push(errorAt('value', `attachment is ${size} bytes, more than the maximum ${maxSize} for item ${item.linkId}`, path));
  }
  return issues;
}

function mimeTypeIssues(item: QuestionnaireItem, attachment: Attachment, path: string): OperationOutcomeIssue[] {
  const allowed = extensionsOf(item, EXT.mimeType)
    .map((e) => e.valueCode)
    .filter((c): c is string => typeof c === 'string');
  if (allowed.length === 0) return [];
  if (typeof attachment.contentType !== 'string') return [errorAt('required', `attachment needs a contentType, one of ${allowed.join(', ')}`, path)];
  if (mimeTypeAllowed(attachment.contentType, allowed)) return [];
  return [errorAt('value', `attachment contentType ${attachment.contentType} is not one of ${allowed.join(', ')} for item ${item.linkId}`, path)];
}

/** Issues with a well-formed Attachment answer. */
export function attachmentIssues(item: QuestionnaireItem, answer: TypedValue, path: string): OperationOutcomeIssue[] {
  if (answer.kind !== 'Attachment') return [];
  const attachment = answer.value as Attachment;
  return [...sizeIssues(item, attachment, path), ...mimeTypeIssues(item, attachment, path)];
}
