import { instrumentById } from '@hub/pro-packages';
import type { QualityUnit } from '@hub/contracts';
import { cellKey, type Cell } from './cells';
import { INDICATOR_DEFINITIONS, loadDefinitions } from './definitions';
import type { QualityRecord } from './dispatch-fact';
import { foldDispatchFacts, indicatorCells } from './indicator-fold';
import type { DispatchFact } from './dispatch-fact';

/**
 * Given quality records (v2 contract), the cells every shipped definition gives, with every expected number
 * worked out by hand in the comments. Unit A and B are hospitals of one region, C a municipality elsewhere.
 */
const PHQ9 = 'http://pro-hub.dk/fhir/Questionnaire/phq-9';
const A: QualityUnit = { sor: '111111', sector: 'hospital', region: 'R1' };
const B: QualityUnit = { sor: '222222', sector: 'hospital', region: 'R1' };
const C: QualityUnit = { sor: '333333', sector: 'municipality', region: null };
const ref = (n: number) => n.toString(16).padStart(32, '0');
const base = (n: number) => ({ recordId: '0d9c4a8e-5b1f-4c3a-9e2d-7f6a5b4c3d2e', pseudonym: 'ABCDEFGHIJKLMNOP7', dispatchRef: ref(n) });

const dispatch = (n: number, unit: QualityUnit, month: string, o: { pathway?: [number, number]; url?: string } = {}): QualityRecord => ({
  type: 'QualityDispatchRecorded',
  data: { ...base(n), unit, questionnaire: { url: o.url ?? PHQ9, version: '1.0.0' }, dispatchedOn: `${month}-02`, expiresOn: `${month}-09`, month, ...(o.pathway ? { pathway: { ref: ref(1000 + o.pathway[0]), occurrence: o.pathway[1] } } : {}) },
});
const answer = (n: number, unit: QualityUnit, month: string, o: { late?: boolean; version?: number } = {}): QualityRecord => ({
  type: 'QualityResponseRecorded',
  data: { ...base(n), responseVersion: o.version ?? 1, unit, questionnaire: { url: PHQ9, version: '1.0.0' }, answeredOn: `${month}-05`, month, late: o.late ?? false, answers: [] },
});
const score = (n: number, unit: QualityUnit, total: number, version = 1): QualityRecord => ({
  type: 'QualityScoreRecorded',
  data: { ...base(n), responseVersion: version, unit, questionnaire: { url: PHQ9, version: '1.0.0' }, package: { id: 'phq-9', version: '1.0.0' }, scores: [{ name: 'total', value: total }] },
});
const retract = (n: number, scope: 'response' | 'dispatch'): QualityRecord => ({
  type: 'QualityRecordRetracted',
  data: { ...base(n), scope, reason: scope === 'response' ? 'entered-in-error' : 'patient-erased', retractedOn: '2027-01-10' },
});

const cellsAfter = (records: QualityRecord[]) => indicatorCells(INDICATOR_DEFINITIONS, [...foldDispatchFacts(new Map<string, DispatchFact>(), records).values()]);
const counts = (cells: Cell[], measureId: string, month: string) =>
  Object.fromEntries(cells.filter((c) => c.measureId === measureId && c.month === month).map((c) => [c.stratum, [c.numerator, c.denominator]]));

/**
 * November: A dispatches 6 (4 answered in time, 1 late, 1 not), B 5 (all in time), C 2 (1 in time).
 * Within window: A 4/6, B 5/5, C 1/2; region R1 = A + B = 9/11; hospital 9/11; municipality 1/2; C has no region.
 */
const november: QualityRecord[] = [
  ...[1, 2, 3, 4, 5, 6].map((n) => dispatch(n, A, '2026-11')),
  ...[1, 2, 3, 4].map((n) => answer(n, A, '2026-11')),
  answer(5, A, '2026-12', { late: true }),
  ...[11, 12, 13, 14, 15].flatMap((n) => [dispatch(n, B, '2026-11'), answer(n, B, '2026-11')]),
  dispatch(21, C, '2026-11'),
  dispatch(22, C, '2026-11'),
  answer(21, C, '2026-11'),
];

/**
 * PHQ-9 pathways of unit A, baselines in November, follow-ups answered in December:
 *   P1: baseline 20, occurrence 1 → 14, occurrence 2 → 12: follow-up is occurrence 2, change −8, improved (≥ 5)
 *   P2: baseline 10, occurrence 1 → 7: change −3, not improved
 *   P3: baseline 15, occurrence 1's answer entered in error: no follow-up, not in the denominator
 *   P4: baseline dispatched, never answered: no baseline answer
 * Improvement (December, A): 1/2. Mean change: (−8 + −3) / 2 = −5.5. Baseline answered (November, A): 3/4.
 */
const pathways: QualityRecord[] = [
  dispatch(101, A, '2026-11', { pathway: [1, 0] }), answer(101, A, '2026-11'), score(101, A, 20),
  dispatch(102, A, '2026-12', { pathway: [1, 1] }), answer(102, A, '2026-12'), score(102, A, 14),
  dispatch(103, A, '2026-12', { pathway: [1, 2] }), answer(103, A, '2026-12'), score(103, A, 12),
  dispatch(201, A, '2026-11', { pathway: [2, 0] }), answer(201, A, '2026-11'), score(201, A, 10),
  dispatch(202, A, '2026-12', { pathway: [2, 1] }), answer(202, A, '2026-12'), score(202, A, 7),
  dispatch(301, A, '2026-11', { pathway: [3, 0] }), answer(301, A, '2026-11'), score(301, A, 15),
  dispatch(302, A, '2026-12', { pathway: [3, 1] }), answer(302, A, '2026-12'), score(302, A, 6), retract(302, 'response'),
  dispatch(401, A, '2026-11', { pathway: [4, 0] }),
];

describe('indicator arithmetic', () => {
  it('response within window: answered in time over dispatched, per unit, sector and region', () => {
    expect(counts(cellsAfter(november), 'response-within-window', '2026-11')).toEqual({
      'unit:111111': [4, 6],
      'unit:222222': [5, 5],
      'unit:333333': [1, 2],
      'region:R1': [9, 11],
      'sector:hospital': [9, 11],
      'sector:municipality': [1, 2],
    });
  });

  it('a late answer counts for the baseline indicator but not within the window', () => {
    const cells = cellsAfter(pathways);
    // P1..P4 baselines: 3 answered of 4. Within window in November: 101, 201, 301 answered of 101, 201, 301, 401 → 3/4.
    expect(counts(cells, 'baseline-answered', '2026-11')['unit:111111']).toEqual([3, 4]);
    const late = cellsAfter([...pathways, answer(401, A, '2026-12', { late: true })]);
    expect(counts(late, 'baseline-answered', '2026-11')['unit:111111']).toEqual([4, 4]);
    expect(counts(late, 'response-within-window', '2026-11')['unit:111111']).toEqual([3, 4]);
  });

  it('PHQ-9 improvement and mean change pair the baseline with the latest scored follow-up', () => {
    const cells = cellsAfter(pathways);
    expect(counts(cells, 'phq9-improvement', '2026-12')['unit:111111']).toEqual([1, 2]);
    expect(counts(cells, 'phq9-mean-change', '2026-12')['unit:111111']).toEqual([-11, 2]);
  });

  it('retracting the latest follow-up falls back to the one before (P1: 14, change −6, still improved)', () => {
    const cells = cellsAfter([...pathways, retract(103, 'response')]);
    expect(counts(cells, 'phq9-improvement', '2026-12')['unit:111111']).toEqual([1, 2]);
    // (−6 + −3) = −9 over 2
    expect(counts(cells, 'phq9-mean-change', '2026-12')['unit:111111']).toEqual([-9, 2]);
  });

  it('an amended answer replaces the earlier version and its scores (P2 amended to 4: change −6, improved)', () => {
    const cells = cellsAfter([...pathways, answer(202, A, '2026-12', { version: 2 }), score(202, A, 4, 2)]);
    expect(counts(cells, 'phq9-improvement', '2026-12')['unit:111111']).toEqual([2, 2]);
    expect(counts(cells, 'phq9-mean-change', '2026-12')['unit:111111']).toEqual([-14, 2]);
  });

  it('an amended answer whose scores are not in yet does not count with the old version’s scores', () => {
    const cells = cellsAfter([...pathways, answer(202, A, '2026-12', { version: 2 })]);
    // P2 has no scored follow-up for now: only P1 (−8, improved) remains.
    expect(counts(cells, 'phq9-improvement', '2026-12')['unit:111111']).toEqual([1, 1]);
  });

  it('an erased patient (dispatch retraction) leaves every denominator, and a record still in flight is dropped', () => {
    const cells = cellsAfter([...november, retract(6, 'dispatch'), answer(6, A, '2026-11')]);
    expect(counts(cells, 'response-within-window', '2026-11')['unit:111111']).toEqual([4, 5]);
    const erasedBaseline = cellsAfter([...pathways, retract(101, 'dispatch')]);
    // P1 loses its baseline: only P2 pairs (−3, not improved); baseline answered 2/3.
    expect(counts(erasedBaseline, 'phq9-improvement', '2026-12')['unit:111111']).toEqual([0, 1]);
    expect(counts(erasedBaseline, 'baseline-answered', '2026-11')['unit:111111']).toEqual([2, 3]);
  });

  it('a response retraction keeps the dispatch in the denominator', () => {
    const cells = cellsAfter([...november, retract(1, 'response')]);
    expect(counts(cells, 'response-within-window', '2026-11')['unit:111111']).toEqual([3, 6]);
  });

  it('late data and retractions change exactly the cells they fall in', () => {
    const before = new Map(cellsAfter([...november, ...pathways]).map((c) => [cellKey(c), c]));
    const after = cellsAfter([...november, ...pathways, answer(6, A, '2026-11')]);
    const changed = after.filter((c) => JSON.stringify(before.get(cellKey(c))) !== JSON.stringify(c)).map(cellKey);
    expect(changed).toEqual(['response-within-window|1.0.0|region:R1|2026-11', 'response-within-window|1.0.0|sector:hospital|2026-11', 'response-within-window|1.0.0|unit:111111|2026-11']);
  });

  it('is indifferent to how records of different dispatches interleave (Kafka orders per key only)', () => {
    const byKey = [...new Set(pathways.map((r) => r.data.dispatchRef))].reverse().flatMap((k) => pathways.filter((r) => r.data.dispatchRef === k));
    expect(cellsAfter(byKey)).toEqual(cellsAfter(pathways));
  });
});

describe('indicator definitions', () => {
  it('the PHQ-9 indicators name the seeded PHQ-9 questionnaire and a score its package computes', () => {
    const phq9 = instrumentById('phq-9').package;
    for (const d of INDICATOR_DEFINITIONS.filter((x) => x.kind === 'outcome')) {
      expect(d.questionnaire?.url).toBe(phq9.questionnaire.url);
      expect(phq9.scoring.map((s) => s.name)).toContain((d.rule as { score: string }).score);
    }
  });

  it('a bad catalogue is refused with every problem listed', () => {
    const good = INDICATOR_DEFINITIONS.find((d) => d.id === 'response-within-window')!;
    expect(() => loadDefinitions([{ ...good, version: 'one' }, { ...good, kind: 'outcome' }, { id: 'x' }])).toThrow(
      /definition\[0\]\/version must match.*definition\[1\] response-within-window: an outcome indicator names its questionnaire.*rule answered-within-window does not fit kind outcome.*definition\[2\] must have required property/,
    );
    expect(() => loadDefinitions([good, good])).toThrow(/response-within-window\|1.0.0 is defined twice/);
  });
});
