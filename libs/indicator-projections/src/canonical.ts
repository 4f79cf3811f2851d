/**
 * Canonical JSON (object keys in code-unit order, no whitespace, undefined members left out): equal values give
 * equal strings, for comparing published cells. The projections lib digests with the same rules.
 */
export function canonicalJsonOf(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJsonOf).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJsonOf(v)}`).join(',')}}`;
}
