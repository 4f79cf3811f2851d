import type { BlockTarget } from '@hub/contracts';
import { periodProblems } from '@hub/access-policy';
import type { Problem } from '@hub/service-kit/errors';
import { SECTORS, sorProblems } from '../organisation/sor';

/** A professional id must not be a CPR number: block targets end up in the access log the patient reads. */
const CPR_LIKE = /(?<!\d)(0[1-9]|[12]\d|3[01])(0[1-9]|1[0-2])\d{2}[-\s]?\d{4}(?!\d)/;

export function targetProblems(target: BlockTarget | undefined, unitKnown: boolean): Problem[] {
  if (!target || typeof target !== 'object') return [{ location: 'target', message: 'target is required: { kind: unit | sector | professional, value }' }];
  switch (target.kind) {
    case 'unit': {
      const bad = sorProblems(target.value, 'target.value');
      if (bad.length > 0) return bad;
      return unitKnown ? [] : [{ location: 'target.value', message: `unit ${target.value} is not in the organisation register` }];
    }
    case 'sector':
      return SECTORS.includes(target.value as (typeof SECTORS)[number]) ? [] : [{ location: 'target.value', message: `sector must be one of ${SECTORS.join(', ')}` }];
    case 'professional':
      if (typeof target.value !== 'string' || !/^[\w.@:-]{1,128}$/.test(target.value)) return [{ location: 'target.value', message: 'a professional is named by their id (1-128 letters, digits, . _ @ : -)' }];
      return CPR_LIKE.test(target.value) ? [{ location: 'target.value', message: 'a professional id must not be a CPR number' }] : [];
    default:
      return [{ location: 'target.kind', message: 'kind must be unit, sector or professional' }];
  }
}

/** Validity period and the optional data period, every problem at once. */
export function blockPeriodProblems(p: { validFrom: string; validTo?: string; dataFrom?: string; dataTo?: string }): Problem[] {
  const data = p.dataFrom === undefined && p.dataTo === undefined ? [] : periodProblems({ from: p.dataFrom ?? '0001-01-01T00:00:00Z', to: p.dataTo }, 'dataPeriod');
  return [...periodProblems({ from: p.validFrom, to: p.validTo }, 'period'), ...data];
}
