import { canonicalJson, digestRows } from './digest';

describe('projection digest', () => {
  it('encodes keys in code-unit order without whitespace, as RFC 8785 does', () => {
    expect(canonicalJson({ b: 1, a: [true, null, 'x'], C: { z: 0.5, y: -0 } })).toBe('{"C":{"y":0,"z":0.5},"a":[true,null,"x"],"b":1}');
  });

  it('is independent of key order but not of row order or any value', () => {
    const rows = [
      { ref: 'a', answered: true },
      { ref: 'b', answered: false },
    ];
    const same = [
      { answered: true, ref: 'a' },
      { answered: false, ref: 'b' },
    ];
    expect(digestRows(rows)).toBe(digestRows(same));
    expect(digestRows(rows)).not.toBe(digestRows([...rows].reverse()));
    expect(digestRows(rows)).not.toBe(digestRows([rows[0], { ref: 'b', answered: true }]));
    expect(digestRows(rows)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('an empty projection has the digest of no bytes', () => {
    expect(digestRows([])).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  });
});
