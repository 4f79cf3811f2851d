import { createHash, hash } from 'node:crypto';

/**
 * RFC 6962 / RFC 9162 Merkle tree hashing over the audit sequence. Leaves are the events' hashes in `seq` order;
 * the domain-separation prefixes (0x00 leaf, 0x01 node) stop a leaf from being passed off as an inner node.
 */


/** MTH({d}) = SHA-256(0x00 || d), where d is an event hash. */
export function leafHash(entry: Buffer): Buffer {
  // One-shot hashing into one small buffer: an auditor takes millions of these, and a Hash object (or
  // Buffer.concat) per call costs more than the hashing itself.
  const input = Buffer.allocUnsafe(entry.length + 1);
  input[0] = 0x00;
  entry.copy(input, 1);
  return hash('sha256', input, 'buffer');
}

/** SHA-256(0x01 || left || right). */
export function nodeHash(left: Buffer, right: Buffer): Buffer {
  const input = Buffer.allocUnsafe(1 + left.length + right.length);
  input[0] = 0x01;
  left.copy(input, 1);
  right.copy(input, 1 + left.length);
  return hash('sha256', input, 'buffer');
}

/** MTH of the empty tree: SHA-256 of nothing. */
export const EMPTY_ROOT: Buffer = createHash('sha256').digest();

/** The largest power of two strictly less than n (n > 1): where RFC 6962 splits a tree. */
export function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/** MTH over leaf hashes `leaves[from, to)`, by the RFC's recursive definition (O(n)). */
export function subtreeRoot(leaves: readonly Buffer[], from = 0, to = leaves.length): Buffer {
  const n = to - from;
  if (n === 0) return EMPTY_ROOT;
  if (n === 1) return leaves[from];
  const k = splitPoint(n);
  return nodeHash(subtreeRoot(leaves, from, from + k), subtreeRoot(leaves, from + k, to));
}

/** MTH of leaves [from, to): how proof generation asks for subtree heads. */
export type SubtreeRoots = (from: number, to: number) => Buffer;

/**
 * Subtree heads over `leaves` that remember every perfect, aligned subtree (the only ones shared between trees
 * of different sizes). Proofs for many tree sizes over one sequence then cost O(log² n) each after O(n) once,
 * instead of O(n) each: what lets an auditor check consistency between every pair of consecutive checkpoints.
 */
export function memoizedRoots(leaves: readonly Buffer[]): SubtreeRoots {
  const memo = new Map<number, Buffer>();
  const rootOf = (from: number, to: number): Buffer => {
    const n = to - from;
    if (n <= 1) return n === 1 ? leaves[from] : EMPTY_ROOT;
    const perfect = (n & (n - 1)) === 0 && from % n === 0;
    // from = a * n with n a power of two, so from * 2 + n = n * (2a + 1): a power of two times an odd number, unique.
    const key = from * 2 + n;
    const known = perfect ? memo.get(key) : undefined;
    if (known) return known;
    const k = splitPoint(n);
    const root = nodeHash(rootOf(from, from + k), rootOf(from + k, to));
    if (perfect) memo.set(key, root);
    return root;
  };
  return rootOf;
}

/**
 * memoizedRoots for auditors that recompute the whole tree from the audit sequence's event hashes (hex, as
 * read): 2n digests for n entries, so each costs what it must and no more. Node's one-shot hash returning a
 * Buffer costs three times as much as returning a string (an object per digest), so digests are kept as
 * latin1 ('binary') strings (one character per byte, written back into the input with a plain copy, unlike hex), hashed
 * from two fixed input buffers of exactly the leaf's and the node's size (no view per digest). Only what is
 * asked for (roots, proof nodes: a few per checkpoint) becomes a Buffer.
 */
const leafInput = Buffer.alloc(1 + 32);
const nodeInput = Buffer.alloc(1 + 32 + 32);
nodeInput[0] = 0x01;

/** leafHash of an entry given as hex (decoded as Buffer.from(hex, 'hex') does), as a latin1 string. */
function leafDigest(entryHex: string): string {
  if (entryHex.length === 64 && leafInput.write(entryHex, 1, 'hex') === 32) return hash('sha256', leafInput, 'binary');
  return leafHash(Buffer.from(entryHex, 'hex')).toString('latin1'); // not a SHA-256 (a tampered entry): as it is
}

function nodeDigest(left: string, right: string): string {
  nodeInput.write(left, 1, 'latin1');
  nodeInput.write(right, 33, 'latin1');
  return hash('sha256', nodeInput, 'binary');
}

export function memoizedRootsOfHexEntries(entriesHex: readonly string[]): SubtreeRoots {
  const leaves = entriesHex.map(leafDigest);
  const memo = new Map<number, string>();
  const rootOf = (from: number, to: number): string => {
    const n = to - from;
    if (n <= 1) return n === 1 ? leaves[from] : EMPTY_ROOT.toString('latin1');
    const perfect = (n & (n - 1)) === 0 && from % n === 0;
    const key = from * 2 + n; // as in memoizedRoots
    const known = perfect ? memo.get(key) : undefined;
    if (known) return known;
    const k = splitPoint(n);
    const root = nodeDigest(rootOf(from, from + k), rootOf(from + k, to));
    if (perfect) memo.set(key, root);
    return root;
  };
  return (from, to) => Buffer.from(rootOf(from, to), 'latin1');
}

/** The tree head over event hashes (entries), in order. */
export function treeRoot(entries: readonly Buffer[]): Buffer {
  return subtreeRoot(entries.map(leafHash));
}

/**
 * Roots of a growing tree without recomputing it: keeps the roots of the perfect subtrees that make up the
 * current size (one per set bit, largest first), so appending is O(1) amortised and any prefix's root is
 * O(log n). The sealer signs a root per batch and the auditor recomputes every checkpoint in one pass with it.
 */
export class MerkleAccumulator {
  private readonly peaks: { size: number; hash: Buffer }[] = [];
  private count = 0;

  get size(): number {
    return this.count;
  }

  /** Forgets everything (the owner rebuilds from its source of truth). */
  reset(): void {
    this.peaks.length = 0;
    this.count = 0;
  }

  /** Appends an entry (an event hash; the leaf hash is taken here). */
  append(entry: Buffer): void {
    this.appendLeaf(leafHash(entry));
  }

  /** Appends a leaf whose hash the caller already took (leafHash of the entry). */
  appendLeaf(leaf: Buffer): void {
    let node = { size: 1, hash: leaf };
    while (this.peaks.length > 0 && this.peaks[this.peaks.length - 1].size === node.size) {
      const left = this.peaks.pop()!;
      node = { size: left.size * 2, hash: nodeHash(left.hash, node.hash) };
    }
    this.peaks.push(node);
    this.count++;
  }

  /** MTH of everything appended so far: the peaks folded right to left, which is where RFC 6962 splits. */
  root(): Buffer {
    if (this.peaks.length === 0) return EMPTY_ROOT;
    let acc = this.peaks[this.peaks.length - 1].hash;
    for (let i = this.peaks.length - 2; i >= 0; i--) acc = nodeHash(this.peaks[i].hash, acc);
    return acc;
  }
}
