import fc from 'fast-check';
import { canonicalJson } from './canonical-json';
import { canonicalJsonFromText } from './canonical-json-text';
import { jsonbText, plainJson as plain } from '@hub/testing';

/** The fast path either declines or gives exactly what parsing and canonicalising gives. */
const agrees = (text: string) => {
  const fast = canonicalJsonFromText(text);
  return fast === undefined || fast === canonicalJson(JSON.parse(text));
};

describe('canonicalJsonFromText (RFC 8785 without parsing)', () => {
  it('reorders jsonb text into the canonical form', () => {
    expect(canonicalJsonFromText('{"b": [1, {"d": true, "c": null}], "a": "x", "é": 4, "aa": -12, "a ": 0}')).toBe('{"a":"x","a ":0,"aa":-12,"b":[1,{"c":null,"d":true}],"é":4}');
  });

  it('equals canonicalJson of the parsed value for plain data, as jsonb and as JSON.stringify print it', () => {
    fc.assert(
      fc.property(plain.value, (v) => {
        const canonical = canonicalJson(v);
        return canonicalJsonFromText(jsonbText(v)) === canonical && canonicalJsonFromText(JSON.stringify(v)) === canonical;
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
    for (const text of ['1.0', '1e2', '-0', '01', '1234567890123456', '"\\u0041"', '"a\\/b"', '{"a": 1, "a": 2}', '{"a": 1,}', '[1 2]', 'tru', '"\ud800"', '{"a"}', '']) {
      expect(canonicalJsonFromText(text)).toBeUndefined();
    }
    // Cut or mutated texts: whatever it accepts must be JSON that canonicalises to the same.
    fc.assert(
      fc.property(plain.value, fc.nat(), fc.string({ maxLength: 2 }), (v, at, insert) => {
        const text = jsonbText(v);
        const i = at % (text.length + 1);
        const broken = text.slice(0, i) + insert + text.slice(i + 1);
        const fast = canonicalJsonFromText(broken);
        if (fast === undefined) return true;
        return fast === canonicalJson(JSON.parse(broken));
      }),
      { numRuns: 3_000 },
    );
  });
});
