/**
 * RFC 8785 straight from JSON text, without building the value: what a verifier needs for every stored event,
 * whose data arrives as text (Postgres prints jsonb with members ordered by key length and ", " / ": " between
 * them). Parsing it and canonicalising the object costs several times more than reordering the text.
 *
 * Only a fast path: texts with anything whose canonical form differs from its text are declined (undefined),
 * and the caller parses and uses canonicalJson, so the result is always exactly canonicalJson(JSON.parse(text)):
 * - backslash escapes (they may be non-canonical, `\u0041` or `\/`), raw control characters (also the JSON
 *   whitespace other than space) and lone surrogates;
 * - numbers other than integers of at most 15 digits (those print back unchanged; `1.0`, `1e2`, `-0` do not);
 * - duplicate member names (JSON.parse keeps the last; declining is simpler than reproducing that);
 * - anything that is not JSON (JSON.parse then reports it).
 * `canonical-json-text.unit.spec.ts` checks the equality on generated values in several renderings and on
 * broken texts.
 */
export function canonicalJsonFromText(text: string): string | undefined {
  if (DECLINED.test(text)) return undefined;
  src = text;
  pos = 0;
  const out = value();
  skipSpaces();
  const whole = out !== undefined && pos === src.length;
  src = '';
  return whole ? out : undefined;
}

/** Backslashes, control characters, lone surrogates (with the u flag a well-formed pair is one code point). */
const DECLINED = /[\u0000-\u001f\\]|\p{Surrogate}/u;
/** An integer that prints back as written: no leading zero, no "-0", at most 15 digits (exact as a double). */
const PLAIN_INTEGER = /(?:0|-?[1-9][0-9]{0,14})(?![0-9.eE])/y;

// The scanner's state: module-level rather than an object per call, this runs once per stored event.
let src = '';
let pos = 0;

function skipSpaces(): void {
  while (src.charCodeAt(pos) === 0x20) pos++;
}

function value(): string | undefined {
  skipSpaces();
  switch (src.charCodeAt(pos)) {
    case 0x7b: // {
      return object();
    case 0x5b: // [
      return array();
    case 0x22: {
      // "
      const key = stringContent();
      return key === undefined ? undefined : `"${key}"`;
    }
    case 0x74: // t
      return literal('true');
    case 0x66: // f
      return literal('false');
    case 0x6e: // n
      return literal('null');
    default:
      return integer();
  }
}

function literal(word: string): string | undefined {
  if (!src.startsWith(word, pos)) return undefined;
  pos += word.length;
  return word;
}

function integer(): string | undefined {
  PLAIN_INTEGER.lastIndex = pos;
  const m = PLAIN_INTEGER.exec(src);
  if (!m) return undefined;
  pos += m[0].length;
  return m[0];
}

/** The characters between the quotes (the text has no backslash, so the next quote closes the string). */
function stringContent(): string | undefined {
  const end = src.indexOf('"', pos + 1);
  if (end < 0) return undefined;
  const content = src.slice(pos + 1, end);
  pos = end + 1;
  return content;
}

function array(): string | undefined {
  pos++;
  skipSpaces();
  if (src.charCodeAt(pos) === 0x5d) {
    pos++;
    return '[]';
  }
  let out = '[';
  for (;;) {
    const item = value();
    if (item === undefined) return undefined;
    out += item;
    skipSpaces();
    const c = src.charCodeAt(pos++);
    if (c === 0x5d) return `${out}]`;
    if (c !== 0x2c) return undefined;
    out += ',';
  }
}

function object(): string | undefined {
  pos++;
  skipSpaces();
  if (src.charCodeAt(pos) === 0x7d) {
    pos++;
    return '{}';
  }
  const keys: string[] = [];
  const values: string[] = [];
  for (;;) {
    skipSpaces();
    if (src.charCodeAt(pos) !== 0x22) return undefined;
    const key = stringContent();
    skipSpaces();
    if (key === undefined || src.charCodeAt(pos++) !== 0x3a) return undefined;
    const member = value();
    if (member === undefined) return undefined;
    keys.push(key);
    values.push(member);
    skipSpaces();
    const c = src.charCodeAt(pos++);
    if (c === 0x7d) break;
    if (c !== 0x2c) return undefined;
  }
  return members(keys, values);
}

/** Members in RFC 8785 order: by UTF-16 code units of the names, which is what `<` on strings compares. */
function members(keys: string[], values: string[]): string | undefined {
  let order: number[] | undefined;
  for (let i = 1; i < keys.length; i++) {
    if (keys[i - 1] < keys[i]) continue;
    order = keys.map((_, k) => k).sort((a, b) => (keys[a] < keys[b] ? -1 : keys[a] > keys[b] ? 1 : 0));
    break;
  }
  let out = '{';
  for (let i = 0; i < keys.length; i++) {
    const k = order ? order[i] : i;
    if (i > 0) {
      if (order && keys[order[i - 1]] === keys[k]) return undefined; // a duplicate name
      out += ',';
    }
    out += `"${keys[k]}":${values[k]}`;
  }
  return `${out}}`;
}
