import type { QualityDispatchRecorded, QualityResponseRecorded, ResponseRateChanged } from '@hub/contracts';

/**
 * The response-rate indicator, purely: how one quality record changes a dispatch's fact row, whether that
 * moves the unit's counts, and the arithmetic of the rate. The SQL around it only stores and counts.
 */

/** One dispatch as the indicator sees it. A response may arrive first: then it is answered but not (yet) dispatched. */
export interface ResponseRateFact {
  dispatchRef: string;
  unitSor: string;
  month: string;
  dispatched: boolean;
  answered: boolean;
}

export interface RateCounts {
  /** Dispatches that were answered. */
  numerator: number;
  /** Dispatches. */
  denominator: number;
}

export interface UnitResponseRate extends RateCounts {
  unitSor: string;
  rate: number | null;
}

/** The dispatch record is authoritative for unit and month; an earlier response only contributes its answer. */
export function factAfterDispatch(before: ResponseRateFact | undefined, record: QualityDispatchRecorded): ResponseRateFact {
  return { dispatchRef: record.dispatchRef, unitSor: record.unit.sor, month: record.month, dispatched: true, answered: before?.answered ?? false };
}

export function factAfterResponse(before: ResponseRateFact | undefined, record: QualityResponseRecorded): ResponseRateFact {
  if (before) return { ...before, answered: true };
  return { dispatchRef: record.dispatchRef, unitSor: record.unit.sor, month: record.month, dispatched: false, answered: true };
}

const contributionOf = (fact: ResponseRateFact | undefined): RateCounts => ({
  numerator: fact?.dispatched && fact.answered ? 1 : 0,
  denominator: fact?.dispatched ? 1 : 0,
});

/** Units whose counts a fact change moves: none when a response arrives before its dispatch, or is repeated. */
export function unitsMovedBy(before: ResponseRateFact | undefined, after: ResponseRateFact): string[] {
  const [was, is] = [contributionOf(before), contributionOf(after)];
  if (before && before.unitSor !== after.unitSor) {
    return [before.unitSor, after.unitSor].filter((unit, i) => (i === 0 ? was : is).denominator > 0);
  }
  return was.numerator !== is.numerator || was.denominator !== is.denominator ? [after.unitSor] : [];
}

/** Answered share of dispatches; null when nothing was dispatched (no rate, rather than a misleading 0). */
export function responseRate({ numerator, denominator }: RateCounts): number | null {
  if (!Number.isInteger(numerator) || !Number.isInteger(denominator) || numerator < 0 || numerator > denominator) {
    throw new RangeError(`not a rate: ${numerator}/${denominator}`);
  }
  return denominator === 0 ? null : numerator / denominator;
}

export function toUnitResponseRate(unitSor: string, counts: RateCounts): UnitResponseRate {
  return { unitSor, numerator: counts.numerator, denominator: counts.denominator, rate: responseRate(counts) };
}

/** The published change (contract v2). The counts are cumulative over every record of the unit, hence period start null. */
export function toResponseRateChanged(unitSor: string, counts: RateCounts, asOf: string): ResponseRateChanged {
  return {
    indicator: 'response-rate',
    unitSor,
    numerator: counts.numerator,
    denominator: counts.denominator,
    rate: responseRate(counts),
    period: { start: null, end: asOf },
    asOf,
  };
}

export const responseRateStreamId = (unitSor: string) => `indicator-response-rate-${unitSor}`;

/** SOR codes (the Danish register of health organisations) are 6 to 18 digits. */
export const SOR_CODE = /^[0-9]{6,18}$/;
