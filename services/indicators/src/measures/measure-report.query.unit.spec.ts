import { coversStratum, maySee, notGranted, type Grant } from '../subscriptions/grants';
import { parseMeasureReportSearch, resolveMeasure } from './measure-report.query';

describe('MeasureReport search parameters', () => {
  it('resolves a measure by canonical, canonical|version, Measure id or indicator id', () => {
    for (const v of ['http://pro-hub.dk/fhir/Measure/phq9-improvement', 'http://pro-hub.dk/fhir/Measure/phq9-improvement|1.0.0', 'phq9-improvement-1.0.0', 'phq9-improvement']) {
      expect(resolveMeasure(v)).toEqual(['phq9-improvement|1.0.0']);
    }
    expect(resolveMeasure('http://pro-hub.dk/fhir/Measure/phq9-improvement|9.9.9')).toEqual([]);
  });

  it('parses period bounds by month and a subject by SOR, region or sector', () => {
    expect(parseMeasureReportSearch({ period: ['ge2026-01-15', 'le2026-03'], subject: 'region|Region Midtjylland' })).toEqual({ search: { from: '2026-01', to: '2026-03', subject: 'region:Region Midtjylland' }, issues: [] });
    expect(parseMeasureReportSearch({ subject: '123456' }).search.subject).toBe('unit:123456');
  });

  it('lists every issue at once', () => {
    const { issues } = parseMeasureReportSearch({ measure: 'nope', period: ['ge2026-12', 'le2026-01', 'eq2026-05'], subject: 'sector|hospice', sort: 'x' });
    expect(issues.map((i) => i.diagnostics)).toEqual([
      'unknown measure nope',
      'period must be ge or le followed by YYYY-MM or YYYY-MM-DD, not eq2026-05',
      'period starts (2026-12) after it ends (2026-01)',
      'subject must be a SOR code, region|<region> or sector|<hospital|municipality|general-practice>, not sector|hospice',
      'unknown search parameter sort',
    ]);
  });
});

describe('grants', () => {
  const grant: Grant = { subscriptionId: 's', subscriber: '555555', measures: ['phq9-improvement'], strata: { units: ['111111'], regions: ['R1'], sectors: [] }, recordLevel: false };

  it('a region grant covers the region and its units; a unit grant only the unit', () => {
    expect(coversStratum(grant, 'region:R1')).toBe(true);
    expect(coversStratum(grant, 'unit:222222', ['region:R1', 'sector:hospital'])).toBe(true);
    expect(coversStratum(grant, 'unit:111111')).toBe(true);
    expect(coversStratum(grant, 'unit:333333', ['region:R2'])).toBe(false);
    expect(coversStratum(grant, 'sector:hospital')).toBe(false);
  });

  it('measure and stratum must come from the same grant', () => {
    const other: Grant = { ...grant, subscriptionId: 't', measures: ['baseline-answered'], strata: { units: ['999999'], regions: [], sectors: [] } };
    expect(maySee([grant, other], { measureId: 'baseline-answered', stratum: 'unit:111111' })).toBe(false);
    expect(maySee([grant, other], { measureId: 'baseline-answered', stratum: 'unit:999999' })).toBe(true);
  });

  it('names what a search asks for beyond the grants', () => {
    expect(notGranted([grant], { measureIds: ['phq9-improvement', 'baseline-answered'], subject: 'region:R2' })).toEqual(['measure baseline-answered', 'subject region:R2']);
    expect(notGranted([grant], { measureIds: [], subject: 'unit:222222', parents: ['region:R1'] })).toEqual([]);
    expect(notGranted([], { measureIds: [] })).toEqual([]);
  });
});
