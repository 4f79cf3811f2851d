import fc from 'fast-check';
import { jsonbText, plainJson } from '@hub/testing';
import { canonicalJson } from './canonical-json';
import { ByteWriter, writeCanonicalJsonBytes } from './canonical-json-bytes';
import { canonicalJsonFromText } from './canonical-json-text';

/**
 * The verifier's two fast paths to RFC 8785 from stored JSON text, held to canonicalJson(JSON.parse(text)):
 * from a JS string (canonicalJsonFromText) and from UTF-8 bytes amid other bytes, as in a COPY row, into one
 * reused writer (writeCanonicalJsonBytes). Either may decline; whatever it gives must be exactly canonical.
 */
const writer = new ByteWriter();
function viaBytes(text: string): string | undefined {
  const row = Buffer.from(`x\t${text}\ty`);
  const before = writer.length;
  if (!writeCanonicalJsonBytes(row, 2, 2 + Buffer.byteLength(text), writer)) {
    expect(writer.length).toBe(before); // declined: nothing written
    return undefined;
  }
  return Buffer.from(writer.bytes.subarray(before, writer.length)).toString('utf8');
}

/** Member names the bytes path compares bytewise: ASCII only (it declines others, by design). */
const asciiNames = (v: unknown): boolean =>
  Array.isArray(v) ? v.every(asciiNames) : v !== null && typeof v === 'object' ? Object.entries(v).every(([k, x]) => /^[\x20-\x7e]*$/.test(k) && asciiNames(x)) : true;

const PATHS = [
  { name: 'canonicalJsonFromText', canonical: canonicalJsonFromText, takesPlain: () => true, extraDeclines: ['"\ud800"'] },
  { name: 'writeCanonicalJsonBytes', canonical: viaBytes, takesPlain: asciiNames, extraDeclines: ['{"b": 1, "a": 2, "b": 3}', '"a\u0001b"', '{"é": 1}', '[1,]', '{"a": 1} x'] },
];

describe.each(PATHS)('$name (RFC 8785 without parsing)', ({ canonical, takesPlain, extraDeclines }) => {
  const agrees = (text: string) => {
    const fast = canonical(text);
    return fast === undefined || fast === canonicalJson(JSON.parse(text));
  };

  it('reorders jsonb text into the canonical form, nested objects included', () => {
    expect(canonical('{"b": [1, {"d": true, "c": null}], "a": "x", "aa": -12, "a ": 0, "ab": {"z": 1, "y": {"q": "æøå", "p": []}}}')).toBe(
      '{"a":"x","a ":0,"aa":-12,"ab":{"y":{"p":[],"q":"æøå"},"z":1},"b":[1,{"c":null,"d":true}]}',
    );
  });

  it('equals canonicalJson of the parsed value for plain data, as jsonb and as JSON.stringify print it', () => {
    fc.assert(
      fc.property(plainJson.value, (v) => {
        const expected = canonicalJson(v);
        const [jsonb, plain] = [canonical(jsonbText(v)), canonical(JSON.stringify(v))];
        if (takesPlain(v)) return jsonb === expected && plain === expected;
        return (jsonb === undefined || jsonb === expected) && (plain === undefined || plain === expected);
      }),
      { numRuns: 2_000 },
    );
  });

  it('declines or agrees on any JSON value in any rendering (escapes, fractions, exponents, newlines)', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 4 }), (v) => agrees(jsonbText(v)) && agrees(JSON.stringify(v)) && agrees(JSON.stringify(v, null, 2))),
      { numRuns: 2_000 },
    );
  });

  it('declines what it cannot reproduce exactly, and never accepts broken JSON', () => {
    for (const text of ['1.0', '1e2', '-0', '01', '1234567890123456', '"\\u0041"', '"a\\/b"', '{"a": 1, "a": 2}', '{"a": 1,}', '[1 2]', 'tru', '{"a"}', '', ...extraDeclines]) {
      expect(canonical(text)).toBeUndefined();
    }
    // Cut or mutated texts: whatever it accepts must be JSON that canonicalises to the same.
    fc.assert(
      fc.property(plainJson.value, fc.nat(), fc.string({ maxLength: 2 }), (v, at, insert) => {
        const text = jsonbText(v);
        const i = at % (text.length + 1);
        const broken = text.slice(0, i) + insert + text.slice(i + 1);
        // A cut surrogate pair has no UTF-8 form: Postgres never sends one (Buffer.from would write U+FFFD).
        if (canonical === viaBytes && /\p{Surrogate}/u.test(broken)) return true;
        return agrees(broken);
      }),
      { numRuns: 3_000 },
    );
  });
});
