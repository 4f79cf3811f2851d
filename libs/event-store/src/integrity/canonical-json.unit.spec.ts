import { execFileSync } from 'node:child_process';
import fc from 'fast-check';
import { canonicalJson } from './canonical-json';

/** The `canonicalize` package (ESM-only), run as a module in a child process over a JSON array of values. */
function byPackage(values: unknown[]): string[] {
  const script = "import c from 'canonicalize'; let s=''; process.stdin.on('data', d => s += d).on('end', () => process.stdout.write(JSON.stringify(JSON.parse(s).map(v => c(v)))));";
  return JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', script], { input: JSON.stringify(values), cwd: __dirname }).toString());
}

describe('canonicalJson (RFC 8785)', () => {
  it('sorts members by UTF-16 code units and drops whitespace', () => {
    expect(canonicalJson({ b: [1, { d: true, c: null }], a: 'x', '\u20ac': 1, '\r': 2, '\ud83d\ude00': 3, '\u00e9': 4 })).toBe(
      '{"\\r":2,"a":"x","b":[1,{"c":null,"d":true}],"é":4,"€":1,"😀":3}',
    );
  });

  it('serialises numbers as ECMAScript does (RFC 8785 appendix B samples)', () => {
    expect(canonicalJson([333333333.33333329, 1e30, 4.5, 2e-3, 0.000001, 1e-7, -0, 100])).toBe('[333333333.3333333,1e+30,4.5,0.002,0.000001,1e-7,0,100]');
  });

  it('refuses what JSON cannot carry', () => {
    expect(() => canonicalJson(Number.NaN)).toThrow(/not a JSON number/);
    expect(() => canonicalJson('\ud800')).toThrow(/lone surrogate/);
    expect(() => canonicalJson(10n)).toThrow(/bigint is not JSON/);
  });

  it('leaves out undefined members as JSON.stringify does, so a stored event hashes as it was written', () => {
    expect(canonicalJson({ a: undefined, b: 1, c: [undefined] })).toBe('{"b":1,"c":[null]}');
    expect(canonicalJson({ at: new Date('2026-01-02T03:04:05.678Z') })).toBe('{"at":"2026-01-02T03:04:05.678Z"}');
  });

  it('agrees with the canonicalize package on generated JSON', () => {
    const values = fc.sample(fc.jsonValue({ maxDepth: 4 }), { numRuns: 300, seed: 8785 });
    const text = JSON.stringify(values);
    expect((JSON.parse(text) as unknown[]).map(canonicalJson)).toEqual(byPackage(JSON.parse(text)));
  });
});
