export { parseCanonical, formatCanonical } from './canonical';
export { validateQuestionnaireResponse } from './validate';
export { isValid, toOperationOutcome, type OperationOutcome, type OperationOutcomeIssue } from './operation-outcome';
export { DATE_REGEX, DATE_TIME_REGEX, TIME_REGEX } from './answer-value';
export type * from './fhir.types';
