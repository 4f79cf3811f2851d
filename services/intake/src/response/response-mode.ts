// Who answered and how: the patient themself, a relative on their behalf (proxy), or staff keying a paper form.
// Clinicians read proxy and paper answers differently, so both are flagged on the accepted event.
import type { OutcomeIssue } from '@hub/service-kit/errors';

/**
 * Our extension for how the answers were captured, `valueCode` electronic or paper. Needed because a paper
 * form may be keyed by a secretary whose author reference is not a Practitioner.
 */
export const RESPONSE_MODE_URL = 'http://pro-hub.dk/fhir/StructureDefinition/response-mode';
const MODES = ['electronic', 'paper'];

export interface ResponseMode {
  /** `source` is a RelatedPerson: a relative answered on the patient's behalf. */
  proxy: boolean;
  /** Staff keyed a paper form: `author` is a Practitioner(Role), or the response-mode extension says paper. */
  paper: boolean;
}

const referenceOf = (v: unknown): string | undefined => {
  const ref = (v as { reference?: unknown } | undefined)?.reference;
  return typeof ref === 'string' ? ref : undefined;
};

const modeExtension = (qr: Record<string, unknown>): { valueCode?: unknown } | undefined =>
  (Array.isArray(qr.extension) ? qr.extension : []).find((e: { url?: unknown }) => e?.url === RESPONSE_MODE_URL);

export function responseModeOf(qr: Record<string, unknown>): ResponseMode {
  const author = referenceOf(qr.author) ?? '';
  const paper = modeExtension(qr)?.valueCode === 'paper' || author.startsWith('Practitioner/') || author.startsWith('PractitionerRole/');
  return { proxy: (referenceOf(qr.source) ?? '').startsWith('RelatedPerson/'), paper };
}

const issue = (code: string, diagnostics: string, expression: string): OutcomeIssue => ({ severity: 'error', code, diagnostics, expression: [expression] });

/** Problems with `source` and the response-mode extension; `subject` is the patient reference the response names. */
export function responseModeIssues(qr: Record<string, unknown>, subject: string | undefined): OutcomeIssue[] {
  const issues: OutcomeIssue[] = [];
  if (qr.source !== undefined) {
    const source = referenceOf(qr.source) ?? '';
    const isPatient = source.startsWith('Patient/');
    if (!isPatient && !source.startsWith('RelatedPerson/')) issues.push(issue('value', 'source must reference the Patient or a RelatedPerson answering on their behalf', 'QuestionnaireResponse.source'));
    if (isPatient && subject && source.toLowerCase() !== subject.toLowerCase()) issues.push(issue('business-rule', 'source names another patient than subject', 'QuestionnaireResponse.source'));
  }
  const mode = modeExtension(qr);
  if (mode && !MODES.includes(String(mode.valueCode))) issues.push(issue('value', `the response-mode extension takes valueCode ${MODES.join(' or ')}`, 'QuestionnaireResponse.extension'));
  return issues;
}
