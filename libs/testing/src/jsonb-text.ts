import fc from 'fast-check';

/** Generators and printers for canonical-JSON property tests: JSON as Postgres prints jsonb, and plain data. */

/** JSON text as Postgres prints jsonb: members by name length, then bytes; ", " and ": " between them. */
export function jsonbText(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(jsonbText).join(', ')}]`;
  if (v !== null && typeof v === 'object') {
    const keys = Object.keys(v).sort((a, b) => a.length - b.length || Buffer.compare(Buffer.from(a), Buffer.from(b)));
    return `{${keys.map((k) => `${JSON.stringify(k)}: ${jsonbText((v as Record<string, unknown>)[k])}`).join(', ')}}`;
  }
  return JSON.stringify(v);
}

/** Plain data: the shapes the fast path takes (no escapes, integers only), with names that need reordering. */
export const plainJson = fc.letrec((tie) => ({
  value: fc.oneof({ maxDepth: 3 }, fc.integer({ min: -1e15 + 1, max: 1e15 - 1 }), fc.boolean(), fc.constant(null), fc.string({ unit: 'grapheme' }).filter((s) => !/[\u0000-\u001f"\\]/.test(s)), tie('array'), tie('object')),
  array: fc.array(tie('value'), { maxLength: 4 }),
  object: fc.dictionary(fc.string({ unit: 'grapheme', maxLength: 6 }).filter((s) => !/[\u0000-\u001f"\\]/.test(s)), tie('value'), { maxKeys: 5 }),
}));

