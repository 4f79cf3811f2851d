import { nodeHash, splitPoint, subtreeRoot, type SubtreeRoots } from './merkle';

/**
 * Inclusion and consistency proofs: generated as RFC 6962 section 2.1.1/2.1.2 define them (PATH and SUBPROOF),
 * verified with the iterative algorithms of RFC 9162 sections 2.1.3.2 and 2.1.4.2, so a proof we issue checks
 * with any RFC 9162 verifier and vice versa. All functions work on leaf hashes (see leafHash).
 */

/** PATH(index, leaves): the sibling hashes from the leaf up to the root. `rootOf` may be memoised (memoizedRoots). */
export function inclusionProof(leaves: readonly Buffer[], index: number, rootOf: SubtreeRoots = (f, t) => subtreeRoot(leaves, f, t)): Buffer[] {
  if (!Number.isInteger(index) || index < 0 || index >= leaves.length) throw new RangeError(`leaf ${index} is not in a tree of ${leaves.length}`);
  return path(rootOf, index, 0, leaves.length);
}

function path(rootOf: SubtreeRoots, m: number, from: number, to: number): Buffer[] {
  const n = to - from;
  if (n <= 1) return [];
  const k = splitPoint(n);
  if (m < k) return [...path(rootOf, m, from, from + k), rootOf(from + k, to)];
  return [...path(rootOf, m - k, from + k, to), rootOf(from, from + k)];
}

/** Whether `proof` shows the leaf hash at `index` is in the tree of `treeSize` with head `root` (RFC 9162 2.1.3.2). */
export function verifyInclusion(index: number, treeSize: number, leaf: Buffer, proof: readonly Buffer[], root: Buffer): boolean {
  if (!(index >= 0 && index < treeSize)) return false;
  let fn = BigInt(index);
  let sn = BigInt(treeSize - 1);
  let r = leaf;
  for (const p of proof) {
    if (sn === 0n) return false;
    if ((fn & 1n) === 1n || fn === sn) {
      r = nodeHash(p, r);
      while ((fn & 1n) === 0n && fn !== 0n) {
        fn >>= 1n;
        sn >>= 1n;
      }
    } else {
      r = nodeHash(r, p);
    }
    fn >>= 1n;
    sn >>= 1n;
  }
  return sn === 0n && r.equals(root);
}

/** PROOF(m, leaves): that the tree of the first m leaves is a prefix of the tree of all of them (0 < m <= n). */
export function consistencyProof(leaves: readonly Buffer[], m: number, rootOf: SubtreeRoots = (f, t) => subtreeRoot(leaves, f, t)): Buffer[] {
  if (!Number.isInteger(m) || m < 1 || m > leaves.length) throw new RangeError(`no consistency proof from ${m} to ${leaves.length}`);
  return subproof(rootOf, m, 0, leaves.length, true);
}

/** PROOF(m, D[n]) for a tree of `n` leaves known only through `rootOf` (no leaves array per size needed). */
export function consistencyProofOfSize(m: number, n: number, rootOf: SubtreeRoots): Buffer[] {
  if (!Number.isInteger(m) || m < 1 || m > n) throw new RangeError(`no consistency proof from ${m} to ${n}`);
  return subproof(rootOf, m, 0, n, true);
}

function subproof(rootOf: SubtreeRoots, m: number, from: number, to: number, complete: boolean): Buffer[] {
  const n = to - from;
  if (m === n) return complete ? [] : [rootOf(from, to)];
  const k = splitPoint(n);
  if (m <= k) return [...subproof(rootOf, m, from, from + k, complete), rootOf(from + k, to)];
  return [...subproof(rootOf, m - k, from + k, to, false), rootOf(from, from + k)];
}

/**
 * Whether `proof` shows the tree of `first` leaves with head `firstRoot` is a prefix of the tree of `second`
 * leaves with head `secondRoot` (RFC 9162 2.1.4.2). Equal sizes need an empty proof and equal heads.
 */
export function verifyConsistency(first: number, second: number, firstRoot: Buffer, secondRoot: Buffer, proof: readonly Buffer[]): boolean {
  if (!(first >= 1 && first <= second)) return false;
  if (first === second) return proof.length === 0 && firstRoot.equals(secondRoot);
  if (proof.length === 0) return false;
  const path = isPowerOfTwo(first) ? [firstRoot, ...proof] : [...proof];
  let fn = BigInt(first - 1);
  let sn = BigInt(second - 1);
  while ((fn & 1n) === 1n) {
    fn >>= 1n;
    sn >>= 1n;
  }
  let fr = path[0];
  let sr = path[0];
  for (const c of path.slice(1)) {
    if (sn === 0n) return false;
    if ((fn & 1n) === 1n || fn === sn) {
      fr = nodeHash(c, fr);
      sr = nodeHash(c, sr);
      while ((fn & 1n) === 0n && fn !== 0n) {
        fn >>= 1n;
        sn >>= 1n;
      }
    } else {
      sr = nodeHash(sr, c);
    }
    fn >>= 1n;
    sn >>= 1n;
  }
  return sn === 0n && fr.equals(firstRoot) && sr.equals(secondRoot);
}

function isPowerOfTwo(n: number): boolean {
  return n > 0 && (n & (n - 1)) === 0;
}
