import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { EMPTY_ROOT, leafHash, memoizedRoots, memoizedRootsOfHexEntries, MerkleAccumulator, treeRoot } from './merkle';
import { consistencyProof, inclusionProof, verifyConsistency, verifyInclusion } from './merkle-proofs';

const sha = (...parts: Buffer[]) => createHash('sha256').update(Buffer.concat(parts)).digest();
/** MTH straight from RFC 6962 section 2.1, written independently of merkle.ts. */
function naiveRoot(entries: Buffer[]): Buffer {
  if (entries.length === 0) return sha();
  if (entries.length === 1) return sha(Buffer.from([0]), entries[0]);
  let k = 1;
  while (k << 1 < entries.length) k <<= 1;
  return sha(Buffer.from([1]), naiveRoot(entries.slice(0, k)), naiveRoot(entries.slice(k)));
}
const entries = (n: number) => Array.from({ length: n }, (_, i) => sha(Buffer.from(`event ${i}`)));
const flipped = (b: Buffer, byte = 0) => {
  const c = Buffer.from(b);
  c[byte] ^= 1;
  return c;
};

describe('Merkle tree head (RFC 6962)', () => {
  it('matches the certificate-transparency test vectors', () => {
    const leaves = ['', '00', '10', '2021', '3031', '40414243', '5051525354555657', '606162636465666768696a6b6c6d6e6f'].map((h) => Buffer.from(h, 'hex'));
    expect(treeRoot([]).toString('hex')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(treeRoot(leaves.slice(0, 1)).toString('hex')).toBe('6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d');
    expect(treeRoot(leaves).toString('hex')).toBe('5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328');
  });

  it('the tree over hex entries has the same subtree roots as the Buffer tree, whatever the entries', () => {
    const all = entries(70);
    // Entries that are not SHA-256 hashes (a tampered sequence): long, empty, short, odd, not hex.
    const odd = ['606162636465666768696a6b6c6d6e6f606162636465666768696a6b6c6d6e6f0011', '', '00', '3031', 'ab'.repeat(31) + 'zz', 'abc'];
    for (const hexList of [all.map((e) => e.toString('hex')), [...all.slice(0, 5).map((e) => e.toString('hex')), ...odd, ...all.slice(5).map((e) => e.toString('hex'))]]) {
      const list = hexList.map((h) => Buffer.from(h, 'hex'));
      const roots = memoizedRoots(list.map(leafHash));
      const hexRoots = memoizedRootsOfHexEntries(hexList);
      for (const [from, to] of [[0, list.length], [0, 64], [0, 1], [0, 0], [3, 9], [64, 70], [0, 33], [5, 6]]) expect(hexRoots(from, to)).toEqual(roots(from, to));
      expect(hexRoots(0, list.length)).toEqual(naiveRoot(list));
    }
  });

  it('the accumulator gives the same root as the definition at every size', () => {
    const all = entries(70);
    const acc = new MerkleAccumulator();
    expect(acc.root()).toEqual(EMPTY_ROOT);
    all.forEach((e, i) => {
      acc.append(e);
      expect(acc.root()).toEqual(naiveRoot(all.slice(0, i + 1)));
    });
  });
});

describe('inclusion proofs', () => {
  it('every leaf of every tree up to 64 proves against the naive root, and nothing else does', () => {
    for (let n = 1; n <= 64; n++) {
      const all = entries(n);
      const leaves = all.map(leafHash);
      const root = naiveRoot(all);
      for (let m = 0; m < n; m++) {
        const proof = inclusionProof(leaves, m);
        expect(verifyInclusion(m, n, leaves[m], proof, root)).toBe(true);
        expect(verifyInclusion(m, n, flipped(leaves[m]), proof, root)).toBe(false);
        expect(verifyInclusion(m, n, leaves[m], proof, flipped(root))).toBe(false);
        proof.forEach((_, i) => expect(verifyInclusion(m, n, leaves[m], proof.map((p, j) => (j === i ? flipped(p, 31) : p)), root)).toBe(false));
        if (n > 1) expect(verifyInclusion((m + 1) % n, n, leaves[m], proof, root)).toBe(false);
        expect(verifyInclusion(m, n, leaves[m], [...proof, root], root)).toBe(false);
      }
    }
  });
});

describe('consistency proofs', () => {
  it('every (m, n) up to 64 proves against the naive roots; tampered proofs and roots fail', () => {
    const all = entries(64);
    const leaves = all.map(leafHash);
    const roots = [EMPTY_ROOT, ...all.map((_, i) => naiveRoot(all.slice(0, i + 1)))];
    for (let n = 1; n <= 64; n++) {
      for (let m = 1; m <= n; m++) {
        const proof = consistencyProof(leaves.slice(0, n), m);
        expect(verifyConsistency(m, n, roots[m], roots[n], proof)).toBe(true);
        expect(verifyConsistency(m, n, flipped(roots[m]), roots[n], proof)).toBe(false);
        expect(verifyConsistency(m, n, roots[m], flipped(roots[n]), proof)).toBe(false);
        proof.forEach((_, i) => expect(verifyConsistency(m, n, roots[m], roots[n], proof.map((p, j) => (j === i ? flipped(p, 7) : p)))).toBe(false));
        if (m < n) {
          expect(verifyConsistency(m, n, roots[m], roots[n], proof.slice(0, -1))).toBe(false);
        }
      }
    }
  });

  it('memoised subtree heads give the same proofs as the definition', () => {
    const leaves = entries(40).map(leafHash);
    const memo = memoizedRoots(leaves);
    for (let n = 1; n <= 40; n++) {
      for (let m = 1; m <= n; m++) {
        expect(consistencyProof(leaves.slice(0, n), m, memo)).toEqual(consistencyProof(leaves.slice(0, n), m));
        expect(inclusionProof(leaves.slice(0, n), m - 1, memo)).toEqual(inclusionProof(leaves.slice(0, n), m - 1));
      }
    }
  });

  it('a rewritten history is not consistent with the old head', () => {
    const all = entries(20);
    const rewritten = [...all.slice(0, 5), sha(Buffer.from('forged')), ...all.slice(6)];
    const proof = consistencyProof(rewritten.map(leafHash), 10);
    expect(verifyConsistency(10, 20, naiveRoot(all.slice(0, 10)), naiveRoot(rewritten), proof)).toBe(false);
  });
});

describe('proof properties (fast-check)', () => {
  const tree = fc.integer({ min: 1, max: 300 }).chain((n) => fc.tuple(fc.constant(n), fc.integer({ min: 0, max: n - 1 }), fc.integer({ min: 1, max: n }), fc.nat()));

  it('proofs from any tree verify, and any single flipped bit in a proof is caught', () => {
    fc.assert(
      fc.property(tree, ([n, index, m, pick]) => {
        const all = entries(n);
        const leaves = all.map(leafHash);
        const root = treeRoot(all);
        const inc = inclusionProof(leaves, index);
        const con = consistencyProof(leaves, m);
        const ok = verifyInclusion(index, n, leaves[index], inc, root) && verifyConsistency(m, n, treeRoot(all.slice(0, m)), root, con);
        const incBad = inc.length === 0 || !verifyInclusion(index, n, leaves[index], inc.map((p, j) => (j === pick % inc.length ? flipped(p, pick % 32) : p)), root);
        const conBad = con.length === 0 || !verifyConsistency(m, n, treeRoot(all.slice(0, m)), root, con.map((p, j) => (j === pick % con.length ? flipped(p, pick % 32) : p)));
        return ok && incBad && conBad;
      }),
      { numRuns: 150 },
    );
  });
});
