import type { IndicatorSubscriptionGranted } from '@hub/contracts';

export type Grant = Pick<IndicatorSubscriptionGranted, 'subscriptionId' | 'subscriber' | 'measures' | 'strata' | 'recordLevel'>;

/** Does one grant cover a stratum? A region or sector grant covers its own cell and its units' cells. */
export function coversStratum(grant: Grant, stratum: string, parents: readonly string[] = []): boolean {
  const [kind, code] = [stratum.slice(0, stratum.indexOf(':')), stratum.slice(stratum.indexOf(':') + 1)];
  const inParent = parents.some((p) => coversStratum(grant, p));
  switch (kind) {
    case 'unit':
      return grant.strata.units.includes(code) || inParent;
    case 'region':
      return grant.strata.regions.includes(code);
    case 'sector':
      return (grant.strata.sectors as string[]).includes(code);
    default:
      return false;
  }
}

/** May a subscriber with these grants see this cell? Measure and stratum must be granted by the same grant. */
export const maySee = (grants: readonly Grant[], cell: { measureId: string; stratum: string; parents?: readonly string[] }) =>
  grants.some((g) => g.measures.includes(cell.measureId) && coversStratum(g, cell.stratum, cell.parents));

/**
 * What a search asks for beyond the grants: each measure no grant has, and the subject when no grant covers it
 * (`parents`: the sector and region cells a unit subject belongs to). Empty when everything asked is granted.
 */
export function notGranted(grants: readonly Grant[], ask: { measureIds: string[]; subject?: string; parents?: readonly string[] }): string[] {
  const missing = [...new Set(ask.measureIds)].filter((m) => !grants.some((g) => g.measures.includes(m))).map((m) => `measure ${m}`);
  if (ask.subject && !grants.some((g) => coversStratum(g, ask.subject ?? '', ask.parents))) missing.push(`subject ${ask.subject}`);
  return missing;
}
