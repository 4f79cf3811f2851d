/**
 * RFC 8785 (JSON Canonicalization Scheme) for the JSON values events carry.
 *
 * Why not the `canonicalize` package the brief names: its 4.x release is ESM-only with no `require` export, so
 * neither our CommonJS build nor Jest can load it. JCS over JSON data is small: object members sorted by UTF-16
 * code units (what `Array.prototype.sort` does without a comparator), numbers and strings serialised as
 * ECMAScript's `JSON.stringify` does. `canonical-json.unit.spec.ts` checks this against the package itself (run
 * as ESM in a child process) on generated values, so the two cannot drift apart. Written as plain loops with
 * string concatenation: verification canonicalises every event, and this is its hottest code.
 */
export function canonicalJson(value: unknown): string {
  switch (typeof value) {
    case 'string':
      return canonicalString(value);
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError(`RFC 8785: ${value} is not a JSON number`);
      return JSON.stringify(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object':
      return value === null ? 'null' : canonicalObject(value);
    case 'bigint':
    case 'function':
    case 'symbol':
    case 'undefined':
      break;
  }
  throw new TypeError(`RFC 8785: ${typeof value} is not JSON`);
}

/** A JSON string; RFC 8785 refuses lone surrogates (JSON.stringify would escape them as \\uXXXX). */
export function canonicalString(s: string): string {
  const out = JSON.stringify(s);
  // Only a string whose serialisation has a \u escape can hold a lone surrogate: the cheap test goes first.
  if (out.includes('\\u') && /\p{Surrogate}/u.test(s)) throw new TypeError('RFC 8785: lone surrogate in string');
  return out;
}

/**
 * Member names repeat across events (the same event types over and over), so their serialised form is kept;
 * bounded, so hostile data with endless distinct names cannot grow it without limit.
 */
const keyCache = new Map<string, string>();
const KEY_CACHE_LIMIT = 10_000;

function canonicalKey(key: string): string {
  let out = keyCache.get(key);
  if (out === undefined) {
    out = canonicalString(key);
    if (keyCache.size < KEY_CACHE_LIMIT) keyCache.set(key, out);
  }
  return out;
}

function canonicalObject(value: object): string {
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) {
      const v: unknown = value[i];
      if (i > 0) out += ',';
      // As JSON.stringify: an undefined or function element becomes null.
      out += v === undefined || typeof v === 'function' || typeof v === 'symbol' ? 'null' : canonicalJson(v);
    }
    return `${out}]`;
  }
  const withJson = value as { toJSON?: () => unknown };
  if (typeof withJson.toJSON === 'function') return canonicalJson(withJson.toJSON());
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record);
  if (keys.length > 1) keys.sort();
  let out = '{';
  let first = true;
  for (const key of keys) {
    const v = record[key];
    // As JSON.stringify: members whose value is undefined (or not JSON) are left out, not nulled.
    if (v === undefined || typeof v === 'function' || typeof v === 'symbol') continue;
    out += `${first ? '' : ','}${canonicalKey(key)}:${canonicalJson(v)}`;
    first = false;
  }
  return `${out}}`;
}
