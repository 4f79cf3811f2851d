import type { QualityDispatchRecorded, QualityResponseRecorded } from '@hub/contracts';
import { factAfterDispatch, factAfterResponse, responseRate, SOR_CODE, toResponseRateChanged, toUnitResponseRate, unitsMovedBy, type ResponseRateFact } from './response-rate';

const dispatchRef = 'a'.repeat(32);
const common = { recordId: '0d9c4a8e-5b1f-4c3a-9e2d-7f6a5b4c3d2e', pseudonym: 'ABCDEFGHIJKLMNOP7', dispatchRef, questionnaire: { url: 'u', version: '1' } };
const unit = (sor: string) => ({ sor, sector: 'hospital' as const, region: 'Region Midtjylland' });
const dispatch: QualityDispatchRecorded = { ...common, unit: unit('123456'), dispatchedOn: '2026-11-02', expiresOn: '2026-11-09', month: '2026-11' };
const response: QualityResponseRecorded = { ...common, responseVersion: 1, unit: unit('123456'), answeredOn: '2026-12-01', month: '2026-12', late: false, answers: [] };

/** Applies records in order, collecting the units each step moved. */
function replay(...steps: Array<(before: ResponseRateFact | undefined) => ResponseRateFact>) {
  let fact: ResponseRateFact | undefined;
  const moved: string[][] = [];
  for (const step of steps) {
    const after = step(fact);
    moved.push(unitsMovedBy(fact, after));
    fact = after;
  }
  return { fact, moved };
}
const onDispatch = (d = dispatch) => (before: ResponseRateFact | undefined) => factAfterDispatch(before, d);
const onResponse = (r = response) => (before: ResponseRateFact | undefined) => factAfterResponse(before, r);

describe('response-rate facts', () => {
  it('dispatch then response: dispatched and answered, each step moves the unit', () => {
    expect(replay(onDispatch(), onResponse())).toEqual({
      fact: { dispatchRef, unitSor: '123456', month: '2026-11', dispatched: true, answered: true },
      moved: [['123456'], ['123456']],
    });
  });

  it('response before its dispatch: nothing moves until the dispatch arrives, which counts both', () => {
    expect(replay(onResponse(), onDispatch())).toEqual({
      fact: { dispatchRef, unitSor: '123456', month: '2026-11', dispatched: true, answered: true },
      moved: [[], ['123456']],
    });
  });

  it('a repeated record moves nothing', () => {
    expect(replay(onDispatch(), onDispatch()).moved).toEqual([['123456'], []]);
    expect(replay(onDispatch(), onResponse(), onResponse()).moved).toEqual([['123456'], ['123456'], []]);
  });

  it('the dispatch decides unit and month, even when an earlier response said otherwise', () => {
    const { fact, moved } = replay(onResponse({ ...response, unit: unit('999999') }), onDispatch());
    expect(fact).toMatchObject({ unitSor: '123456', month: '2026-11' });
    expect(moved).toEqual([[], ['123456']]);
  });
});

describe('response-rate arithmetic', () => {
  it.each([
    [0, 0, null],
    [0, 4, 0],
    [1, 4, 0.25],
    [3, 3, 1],
  ])('%i of %i answered → %p', (numerator, denominator, rate) => {
    expect(responseRate({ numerator, denominator })).toBe(rate);
  });

  it.each([
    [5, 4],
    [-1, 4],
    [1.5, 4],
  ])('refuses %p/%p', (numerator, denominator) => {
    expect(() => responseRate({ numerator, denominator })).toThrow(RangeError);
  });

  it('shapes a unit row and the published event', () => {
    expect(toUnitResponseRate('123456', { numerator: 1, denominator: 2 })).toEqual({ unitSor: '123456', numerator: 1, denominator: 2, rate: 0.5 });
    expect(toResponseRateChanged('123456', { numerator: 1, denominator: 2 }, '2026-11-01T00:00:00.000Z')).toEqual({
      indicator: 'response-rate',
      unitSor: '123456',
      numerator: 1,
      denominator: 2,
      rate: 0.5,
      period: { start: null, end: '2026-11-01T00:00:00.000Z' },
      asOf: '2026-11-01T00:00:00.000Z',
    });
    expect(toResponseRateChanged('123456', { numerator: 0, denominator: 0 }, '2026-11-01T00:00:00.000Z').rate).toBeNull();
  });

  it('SOR codes are 6 to 18 digits', () => {
    expect(['123456', '1'.repeat(18)].every((s) => SOR_CODE.test(s))).toBe(true);
    expect(['12345', '1'.repeat(19), '12345a', ''].some((s) => SOR_CODE.test(s))).toBe(false);
  });
});
