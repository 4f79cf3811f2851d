// Quantity answers: allowed units (questionnaire-unitOption) and SDC min/maxQuantity bounds.
import type { TypedValue } from './answer-value';
import { EXT, extensionsOf, extensionValue } from './extensions';
import type { Coding, Quantity, QuestionnaireItem } from './fhir.types';
import { errorAt, warningAt, type OperationOutcomeIssue } from './operation-outcome';

const UCUM = 'http://unitsofmeasure.org';

// A deliberately small slice of UCUM (factor to the dimension's base unit). Full UCUM conversion needs a
// units library; outside this table we only compare identical units and say so when we cannot.
const UNITS: Record<string, { dimension: string; factor: number }> = {
  g: { dimension: 'mass', factor: 1 },
  kg: { dimension: 'mass', factor: 1000 },
  mg: { dimension: 'mass', factor: 1e-3 },
  ug: { dimension: 'mass', factor: 1e-6 },
  '[lb_av]': { dimension: 'mass', factor: 453.59237 },
  '[oz_av]': { dimension: 'mass', factor: 28.349523125 },
  m: { dimension: 'length', factor: 1 },
  km: { dimension: 'length', factor: 1000 },
  cm: { dimension: 'length', factor: 0.01 },
  mm: { dimension: 'length', factor: 0.001 },
  '[in_i]': { dimension: 'length', factor: 0.0254 },
  '[ft_i]': { dimension: 'length', factor: 0.3048 },
  '[mi_i]': { dimension: 'length', factor: 1609.344 },
  s: { dimension: 'time', factor: 1 },
  min: { dimension: 'time', factor: 60 },
  h: { dimension: 'time', factor: 3600 },
  d: { dimension: 'time', factor: 86400 },
  wk: { dimension: 'time', factor: 604800 },
  L: { dimension: 'volume', factor: 1 },
  dL: { dimension: 'volume', factor: 0.1 },
  mL: { dimension: 'volume', factor: 0.001 },
};

const unitLabel = (q: Quantity) => q.code ?? q.unit ?? '(no unit)';
const ucumUnit = (q: Quantity) => (q.system === UCUM && q.code !== undefined ? UNITS[q.code] : undefined);

type Comparison = { kind: 'ordered'; difference: number } | { kind: 'incompatible' } | { kind: 'unknown' };

/** Compares two quantities, converting within the small UCUM table when their units differ. */
export function compareQuantities(a: Quantity, b: Quantity): Comparison {
  if (a.value === undefined || b.value === undefined) return { kind: 'unknown' };
  const sameCode = a.code !== undefined && a.code === b.code && a.system === b.system;
  const sameUnitText = a.code === undefined && b.code === undefined && a.unit === b.unit;
  if (sameCode || sameUnitText) return { kind: 'ordered', difference: a.value - b.value };
  const ua = ucumUnit(a);
  const ub = ucumUnit(b);
  if (!ua || !ub) return { kind: 'unknown' };
  if (ua.dimension !== ub.dimension) return { kind: 'incompatible' };
  return { kind: 'ordered', difference: a.value * ua.factor - b.value * ub.factor };
}

function unitMatches(answer: Quantity, option: Coding): boolean {
  if (answer.code !== undefined) return answer.code === option.code && (answer.system === undefined || option.system === undefined || answer.system === option.system);
  // Without a code, the free-text unit is all we can match against the option's display or code.
  return answer.unit !== undefined && (answer.unit === option.display || answer.unit === option.code);
}

function unitOptionIssues(item: QuestionnaireItem, answer: Quantity, path: string): OperationOutcomeIssue[] {
  const options = extensionsOf(item, EXT.unitOption)
    .map((e) => e.valueCoding as Coding | undefined)
    .filter((c): c is Coding => typeof c === 'object' && c !== null);
  if (options.length === 0 || options.some((o) => unitMatches(answer, o))) return [];
  const allowed = options.map((o) => o.code ?? o.display).join(', ');
  return [errorAt('value', `unit ${unitLabel(answer)} is not one of the allowed units (${allowed}) for item ${item.linkId}`, path)];
}

function boundIssue(item: QuestionnaireItem, answer: Quantity, url: string, path: string): OperationOutcomeIssue | undefined {
  const bound = extensionValue(item, url);
  if (bound?.kind !== 'Quantity' || typeof bound.value !== 'object' || bound.value === null) return undefined;
  const limit = bound.value as Quantity;
  const isMin = url === EXT.minQuantity;
  const what = `${answer.value} ${unitLabel(answer)} against the ${isMin ? 'minimum' : 'maximum'} ${limit.value} ${unitLabel(limit)}`;
  const comparison = compareQuantities(answer, limit);
  switch (comparison.kind) {
    case 'incompatible':
      return errorAt('value', `cannot compare ${what}: the units are incompatible`, path);
    case 'unknown':
      return warningAt('not-supported', `cannot compare ${what} without full UCUM conversion`, path);
    case 'ordered':
      if (isMin && comparison.difference < 0) return errorAt('value', `${what}: the value is below the minimum`, path);
      if (!isMin && comparison.difference > 0) return errorAt('value', `${what}: the value is above the maximum`, path);
      return undefined;
    default: {
      const _exhaustive: never = comparison;
      return _exhaustive;
    }
  }
}

/** Issues with a well-formed Quantity answer. */
export function quantityIssues(item: QuestionnaireItem, answer: TypedValue, path: string): OperationOutcomeIssue[] {
  if (answer.kind !== 'Quantity') return [];
  const quantity = answer.value as Quantity;
  const bounds = [EXT.minQuantity, EXT.maxQuantity].map((url) => boundIssue(item, quantity, url, path));
  return [...unitOptionIssues(item, quantity, path), ...bounds.filter((i): i is OperationOutcomeIssue => i !== undefined)];
}
