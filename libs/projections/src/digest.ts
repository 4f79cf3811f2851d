import { createHash } from 'node:crypto';

/**
 * Canonical JSON: object keys sorted by UTF-16 code units, no whitespace, ES number formatting. For plain JSON
 * values this is RFC 8785's output. Hand-written because the `canonicalize` package is ESM-only ("import"
 * export condition) and our CommonJS build cannot require it; rows here are flat plain values anyway.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && !Number.isFinite(value)) throw new RangeError(`not JSON: ${value}`);
    return JSON.stringify(value) ?? 'null';
  }
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

/**
 * SHA-256 over the rows in the order given, each as canonical JSON followed by a newline. Equal rows in
 * equal order give equal digests wherever they were computed (a table, memory, another machine).
 */
export function digestRows(rows: Iterable<object>): string {
  const hash = createHash('sha256');
  for (const row of rows) hash.update(`${canonicalJson(row)}\n`, 'utf8');
  return hash.digest('hex');
}
