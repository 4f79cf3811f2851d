import type { QualityDispatchRecorded, QualityResponseRecorded } from '@hub/contracts';
import { countsFromFacts, factRows, foldFacts, unitRates, type ResponseRateRecord } from './response-rate-fold';
import type { ResponseRateFact } from './response-rate';

const common = (ref: string) => ({ recordId: '0d9c4a8e-5b1f-4c3a-9e2d-7f6a5b4c3d2e', pseudonym: 'ABCDEFGHIJKLMNOP7', dispatchRef: ref.repeat(32), questionnaire: { url: 'u', version: '1' } });
const dispatched = (ref: string, unitSor = '123456'): ResponseRateRecord => ({ type: 'QualityDispatchRecorded', data: { ...common(ref), unit: { sor: unitSor, sector: null, region: null }, dispatchedOn: '2026-11-02', expiresOn: '2026-11-09', month: '2026-11' } satisfies QualityDispatchRecorded });
const answered = (ref: string, unitSor = '123456'): ResponseRateRecord => ({ type: 'QualityResponseRecorded', data: { ...common(ref), responseVersion: 1, unit: { sor: unitSor, sector: null, region: null }, answeredOn: '2026-11-03', month: '2026-11', late: false, answers: [] } satisfies QualityResponseRecorded });
const fold = (...records: ResponseRateRecord[]) => foldFacts(new Map<string, ResponseRateFact>(), records);

describe('response-rate fold (the projection a replay computes in memory)', () => {
  it('given dispatches to two units and one answer, reports each unit’s rate in unit order', () => {
    const facts = fold(dispatched('b', '222222'), dispatched('a'), answered('a'), dispatched('c'));
    expect(unitRates(facts.values())).toEqual([
      { unitSor: '123456', numerator: 1, denominator: 2, rate: 0.5 },
      { unitSor: '222222', numerator: 0, denominator: 1, rate: 0 },
    ]);
    expect(unitRates(facts.values(), '222222')).toHaveLength(1);
  });

  it('is indifferent to the order of a dispatch and its answer (Kafka orders per key only)', () => {
    const one = factRows(fold(dispatched('a'), answered('a'), dispatched('b')).values());
    const other = factRows(fold(dispatched('b'), answered('a'), dispatched('a')).values());
    expect(one).toEqual(other);
  });

  it('an answer without its dispatch shows the unit with no rate yet', () => {
    expect([...countsFromFacts(fold(answered('a')).values())]).toEqual([['123456', { numerator: 0, denominator: 0 }]]);
  });
});
