import type { OutcomeIssue } from '@hub/service-kit';
import { INDICATOR_DEFINITIONS, measureKey, measureResourceId, SOR_CODE } from '@hub/indicator-projections';

/** A MeasureReport search, parsed: indicator versions (`id|version`), months (inclusive) and one stratum. */
export interface MeasureReportSearch {
  measures?: string[];
  from?: string;
  to?: string;
  subject?: string;
}

const PERIOD = /^(ge|le)([0-9]{4}-(?:0[1-9]|1[0-2]))(?:-[0-9]{2})?$/;
const SECTORS = ['hospital', 'municipality', 'general-practice'];
const issue = (code: string, diagnostics: string, expression: string): OutcomeIssue => ({ severity: 'error', code, diagnostics, expression: [expression] });
const values = (v: unknown): string[] => (v === undefined ? [] : Array.isArray(v) ? v.map(String) : [String(v)]);

/**
 * The indicator versions a `measure` value names: a canonical (`url` or `url|version`, as MeasureReport.measure
 * holds it), a Measure id (`<id>-<version>`) or an indicator id (every version).
 */
export function resolveMeasure(value: string): string[] {
  const [url, version] = value.split('|');
  return INDICATOR_DEFINITIONS.filter((d) => (d.url === url && (version === undefined || d.version === version)) || measureResourceId(d) === value || d.id === value).map(measureKey);
}

/**
 * Parses `measure` (repeatable), `period` (`geYYYY-MM[-DD]` and/or `leYYYY-MM[-DD]`, compared by month) and
 * `subject` (a SOR code, `region|<region>` or `sector|<sector>`). Returns every issue found, not the first.
 */
export function parseMeasureReportSearch(query: Record<string, unknown>): { search: MeasureReportSearch; issues: OutcomeIssue[] } {
  const issues: OutcomeIssue[] = [];
  const search: MeasureReportSearch = {};
  const measures = values(query.measure);
  if (measures.length > 0) {
    search.measures = [];
    for (const m of measures) {
      const found = resolveMeasure(m);
      if (found.length === 0) issues.push(issue('not-found', `unknown measure ${m}`, 'measure'));
      search.measures.push(...found);
    }
  }
  for (const p of values(query.period)) {
    const m = PERIOD.exec(p);
    if (!m) issues.push(issue('invalid', `period must be ge or le followed by YYYY-MM or YYYY-MM-DD, not ${p}`, 'period'));
    else if (m[1] === 'ge') search.from = m[2];
    else search.to = m[2];
  }
  if (search.from && search.to && search.from > search.to) issues.push(issue('invalid', `period starts (${search.from}) after it ends (${search.to})`, 'period'));
  const subjects = values(query.subject);
  if (subjects.length > 1) issues.push(issue('invalid', 'subject may be given once', 'subject'));
  if (subjects.length === 1) {
    const s = subjects[0];
    const [system, code] = s.includes('|') ? s.split('|', 2) : ['unit', s];
    if (system === 'unit' && SOR_CODE.test(code)) search.subject = `unit:${code}`;
    else if (system === 'sector' && SECTORS.includes(code)) search.subject = `sector:${code}`;
    else if (system === 'region' && code.length > 0) search.subject = `region:${code}`;
    else issues.push(issue('invalid', `subject must be a SOR code, region|<region> or sector|<${SECTORS.join('|')}>, not ${s}`, 'subject'));
  }
  for (const name of Object.keys(query)) if (!['measure', 'period', 'subject'].includes(name)) issues.push(issue('not-supported', `unknown search parameter ${name}`, name));
  return { search, issues };
}
