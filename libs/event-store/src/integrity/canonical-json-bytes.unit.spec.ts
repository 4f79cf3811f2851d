import fc from 'fast-check';
import { canonicalJson } from './canonical-json';
import { ByteWriter, writeCanonicalJsonBytes } from './canonical-json-bytes';
import { jsonbText, plainJson } from '@hub/testing';

/** The bytes path on `text` (UTF-8), amid other bytes as in a COPY row: the canonical text, or undefined if declined. */
function viaBytes(text: string, writer = new ByteWriter()): string | undefined {
  const row = Buffer.from(`x\t${text}\ty`);
  const before = writer.length;
  const from = 2;
  const to = from + Buffer.byteLength(text);
  if (!writeCanonicalJsonBytes(row, from, to, writer)) {
    expect(writer.length).toBe(before); // declined: nothing written
    return undefined;
  }
  return Buffer.from(writer.bytes.subarray(before, writer.length)).toString('utf8');
}

const agrees = (text: string) => {
  const bytes = viaBytes(text);
  return bytes === undefined || bytes === canonicalJson(JSON.parse(text));
};

describe('writeCanonicalJsonBytes (RFC 8785 from UTF-8 bytes)', () => {
  it('reorders jsonb text into the canonical form, nested objects included', () => {
    expect(viaBytes('{"b": [1, {"d": true, "c": null}], "a": "x", "aa": -12, "a ": 0, "ab": {"z": 1, "y": {"q": "æøå", "p": []}}}')).toBe(
      '{"a":"x","a ":0,"aa":-12,"ab":{"y":{"p":[],"q":"æøå"},"z":1},"b":[1,{"c":null,"d":true}]}',
    );
  });

  it('equals canonicalJson of the parsed value for plain data, as jsonb and as JSON.stringify print it', () => {
    const writer = new ByteWriter(); // one writer throughout, as the verifier uses it
    fc.assert(
      fc.property(plainJson.value, (v) => {
        const canonical = canonicalJson(v);
        const ascii = (o: unknown): boolean => (Array.isArray(o) ? o.every(ascii) : o !== null && typeof o === 'object' ? Object.entries(o).every(([k, x]) => /^[\x20-\x7e]*$/.test(k) && ascii(x)) : true);
        const jsonb = viaBytes(jsonbText(v), writer);
        const plain = viaBytes(JSON.stringify(v), writer);
        // Declining is allowed only for non-ASCII member names; otherwise the bytes path must take plain data.
        if (ascii(v)) return jsonb === canonical && plain === canonical;
        return (jsonb === undefined || jsonb === canonical) && (plain === undefined || plain === canonical);
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
    for (const text of ['1.0', '1e2', '-0', '01', '1234567890123456', '"\\u0041"', '"a\\/b"', '{"a": 1, "a": 2}', '{"b": 1, "a": 2, "b": 3}', '{"a": 1,}', '[1 2]', 'tru', '{"a"}', '', '"a\u0001b"', '{"é": 1}', '[1,]', '{"a": 1} x']) {
      expect(viaBytes(text)).toBeUndefined();
    }
    fc.assert(
      fc.property(plainJson.value, fc.nat(), fc.string({ maxLength: 2 }), (v, at, insert) => {
        const text = jsonbText(v);
        const i = at % (text.length + 1);
        const broken = text.slice(0, i) + insert + text.slice(i + 1);
        // A cut surrogate pair has no UTF-8 form (Postgres never sends one; Buffer.from would write U+FFFD).
        if (/\p{Surrogate}/u.test(broken)) return true;
        const bytes = viaBytes(broken);
        return bytes === undefined || bytes === canonicalJson(JSON.parse(broken));
      }),
      { numRuns: 3_000 },
    );
  });
});
