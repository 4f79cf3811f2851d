/**
 * RFC 8785 (JSON Canonicalization Scheme) for the JSON values events carry.
 *
 * Why not the `canonicalize` package the brief names: its 4.x release is ESM-only with no `require` export, so
 * neither our CommonJS build nor Jest can load it. JCS over JSON data is small: object members sorted by UTF-16
 * code units (what `Array.prototype.sort` does without a comparator), numbers and strings serialised as
 * ECMAScript's `JSON.stringify` does. `canonical-json.unit.spec.ts` checks this against the package itself (run
 * as ESM in a child process) on generated values, so the two cannot drift apart.
 */
export function canonicalJson(value: unknown): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
      if (hasLoneSurrogate(value)) throw new TypeError('RFC 8785: lone surrogate in string');
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError(`RFC 8785: ${value} is not a JSON number`);
      return JSON.stringify(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object':
      return canonicalObject(value as object);
    case 'bigint':
    case 'function':
    case 'symbol':
    case 'undefined':
      break;
  }
  throw new TypeError(`RFC 8785: ${typeof value} is not JSON`);
}

function canonicalObject(value: object): string {
  const withJson = value as { toJSON?: () => unknown };
  if (typeof withJson.toJSON === 'function') return canonicalJson(withJson.toJSON());
  if (Array.isArray(value)) {
    // As JSON.stringify: an undefined or function element becomes null.
    return `[${value.map((v) => (v === undefined || typeof v === 'function' ? 'null' : canonicalJson(v))).join(',')}]`;
  }
  const record = value as Record<string, unknown>;
  const members: string[] = [];
  for (const key of Object.keys(record).sort()) {
    const v = record[key];
    // As JSON.stringify: members whose value is undefined (or not JSON) are left out, not nulled.
    if (v === undefined || typeof v === 'function' || typeof v === 'symbol') continue;
    members.push(`${canonicalJson(key)}:${canonicalJson(v)}`);
  }
  return `{${members.join(',')}}`;
}

/** In unicode mode a well-formed pair is one code point, so only a lone surrogate matches. */
function hasLoneSurrogate(s: string): boolean {
  return /\p{Surrogate}/u.test(s);
}
