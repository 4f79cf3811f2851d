import { isProportion, type IndicatorDefinition, type StratumKind } from './definitions';

/** Where our own FHIR extensions are defined. */
export const HUB_SD = 'http://pro-hub.dk/fhir/StructureDefinition';
const MEASURE_POPULATION = 'http://terminology.hl7.org/CodeSystem/measure-population';
export const IMPROVEMENT_NOTATION = 'http://terminology.hl7.org/CodeSystem/measure-improvement-notation';
/** The SOR register's identifier system (the Danish health organisation register, OID 1.2.208.176.1.1). */
export const SOR_SYSTEM = 'urn:oid:1.2.208.176.1.1';
export const STRATUM_SYSTEM: Record<StratumKind, string> = {
  unit: SOR_SYSTEM,
  sector: 'http://pro-hub.dk/fhir/CodeSystem/sector',
  region: 'http://pro-hub.dk/fhir/CodeSystem/region',
};

/** FHIR ids allow [A-Za-z0-9.-]; ours are `<id>-<version>`, e.g. phq9-improvement-1.0.0. */
export const measureResourceId = (d: Pick<IndicatorDefinition, 'id' | 'version'>) => `${d.id}-${d.version}`;

export const improvementNotationOf = (d: IndicatorDefinition) => (d.standard.direction === 'at-least' ? 'increase' : 'decrease');

const coded = (system: string, code: string) => ({ coding: [{ system, code }] });

/**
 * The FHIR R4 Measure of one definition version. R4 has no element for a target, so the standard travels as an
 * extension; a mean change is a continuous-variable measure whose score is the mean, with no interval.
 */
export function toMeasure(d: IndicatorDefinition): Record<string, unknown> {
  const population = isProportion(d)
    ? [
        { code: coded(MEASURE_POPULATION, 'numerator'), description: d.numerator },
        { code: coded(MEASURE_POPULATION, 'denominator'), description: d.denominator },
      ]
    : [
        { code: coded(MEASURE_POPULATION, 'measure-population'), description: d.denominator },
        { code: coded(MEASURE_POPULATION, 'measure-observation'), description: d.numerator },
      ];
  return {
    resourceType: 'Measure',
    id: measureResourceId(d),
    url: d.url,
    version: d.version,
    name: d.id.replace(/-/g, '_'),
    title: d.title,
    status: 'active',
    description: d.description,
    extension: [{ url: `${HUB_SD}/measure-standard`, extension: [{ url: 'target', valueDecimal: d.standard.target }, { url: 'direction', valueCode: d.standard.direction }] }],
    scoring: coded('http://terminology.hl7.org/CodeSystem/measure-scoring', isProportion(d) ? 'proportion' : 'continuous-variable'),
    type: [coded('http://terminology.hl7.org/CodeSystem/measure-type', d.kind)],
    improvementNotation: coded(IMPROVEMENT_NOTATION, improvementNotationOf(d)),
    ...(d.questionnaire ? { relatedArtifact: [{ type: 'depends-on', resource: d.questionnaire.url }] } : {}),
    group: [{ population, stratifier: d.strata.map((s) => ({ code: { text: s } })) }],
  };
}
