/** One finding, shaped like a FHIR R4 OperationOutcome.issue. */
export interface OperationOutcomeIssue {
  severity: 'fatal' | 'error' | 'warning' | 'information';
  /** FHIR issue-type code, e.g. 'required', 'value', 'structure', 'invalid', 'not-found', 'business-rule'. */
  code: string;
  diagnostics: string;
  /** FHIRPath location, e.g. `QuestionnaireResponse.item[0].answer[0]`. */
  expression?: string[];
}

export interface OperationOutcome {
  resourceType: 'OperationOutcome';
  issue: OperationOutcomeIssue[];
}

/** True when no issue is fatal or an error: warnings and information never make a response invalid. */
export function isValid(issues: OperationOutcomeIssue[]): boolean {
  return !issues.some((i) => i.severity === 'fatal' || i.severity === 'error');
}

/**
 * Wraps issues in an OperationOutcome. FHIR requires at least one issue, so a clean result carries a single
 * informational "all ok" issue.
 */
export function toOperationOutcome(issues: OperationOutcomeIssue[]): OperationOutcome {
  if (issues.length > 0) return { resourceType: 'OperationOutcome', issue: issues };
  return { resourceType: 'OperationOutcome', issue: [{ severity: 'information', code: 'informational', diagnostics: 'All OK' }] };
}

export const errorAt = (code: string, diagnostics: string, expression: string): OperationOutcomeIssue => ({
  severity: 'error',
  code,
  diagnostics,
  expression: [expression],
});

export const warningAt = (code: string, diagnostics: string, expression: string): OperationOutcomeIssue => ({
  severity: 'warning',
  code,
  diagnostics,
  expression: [expression],
});

export const informationAt = (code: string, diagnostics: string, expression: string): OperationOutcomeIssue => ({
  severity: 'information',
  code,
  diagnostics,
  expression: [expression],
});
