import { leafHash } from '../integrity/merkle';
import { consistencyProof, inclusionProof } from '../integrity/merkle-proofs';
import type { Queryable } from '../types';
import { readAuditEntries } from './audit-store';

/** Inclusion proof of sequence entry `seq` in the tree of the first `treeSize` entries (e.g. a signed checkpoint's). */
export async function proveInclusion(db: Queryable, seq: number, treeSize: number): Promise<{ leaf: Buffer; proof: Buffer[] }> {
  const leaves = (await readAuditEntries(db, 0, treeSize)).map(leafHash);
  if (leaves.length !== treeSize) throw new RangeError(`the audit sequence has ${leaves.length} entries, not ${treeSize}`);
  return { leaf: leaves[seq], proof: inclusionProof(leaves, seq) };
}

/** Consistency proof between the trees of the first `first` and `second` entries (two checkpoints' sizes). */
export async function proveConsistency(db: Queryable, first: number, second: number): Promise<Buffer[]> {
  const leaves = (await readAuditEntries(db, 0, second)).map(leafHash);
  if (leaves.length !== second) throw new RangeError(`the audit sequence has ${leaves.length} entries, not ${second}`);
  return consistencyProof(leaves, first);
}
