import { readValue, type TypedValue } from './answer-value';
import type { Extension } from './fhir.types';

/** Extensions that carry answer constraints in R4 core and SDC. */
export const EXT = {
  minValue: 'http://hl7.org/fhir/StructureDefinition/minValue',
  maxValue: 'http://hl7.org/fhir/StructureDefinition/maxValue',
  minLength: 'http://hl7.org/fhir/StructureDefinition/minLength',
  maxDecimalPlaces: 'http://hl7.org/fhir/StructureDefinition/maxDecimalPlaces',
  maxSize: 'http://hl7.org/fhir/StructureDefinition/maxSize',
  mimeType: 'http://hl7.org/fhir/StructureDefinition/mimeType',
  unitOption: 'http://hl7.org/fhir/StructureDefinition/questionnaire-unitOption',
  minQuantity: 'http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-minQuantity',
  maxQuantity: 'http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-maxQuantity',
  constraint: 'http://hl7.org/fhir/StructureDefinition/questionnaire-constraint',
} as const;

/** Extensions that need a FHIRPath or CQL engine; we name them instead of pretending to evaluate them. */
export const EXPRESSION_EXTENSIONS: Record<string, string> = {
  [EXT.constraint]: 'questionnaire-constraint invariant',
  'http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-enableWhenExpression': 'enableWhenExpression',
  'http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-calculatedExpression': 'calculatedExpression',
  'http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-answerExpression': 'answerExpression',
};

export function extensionsOf(holder: { extension?: Extension[] }, url: string): Extension[] {
  return Array.isArray(holder.extension) ? holder.extension.filter((e) => e?.url === url) : [];
}

/** The typed value of the first extension with this url, when it holds an answer-like datatype. */
export function extensionValue(holder: { extension?: Extension[] }, url: string): TypedValue | undefined {
  const [ext] = extensionsOf(holder, url);
  return ext ? readValue(ext as unknown as Record<string, unknown>, 'value').value : undefined;
}

/** A numeric extension value (valueInteger or valueDecimal), as R4 uses for maxDecimalPlaces and maxSize. */
export function numericExtension(holder: { extension?: Extension[] }, url: string): number | undefined {
  const value = extensionValue(holder, url);
  return value && (value.kind === 'Integer' || value.kind === 'Decimal') && typeof value.value === 'number' ? value.value : undefined;
}
