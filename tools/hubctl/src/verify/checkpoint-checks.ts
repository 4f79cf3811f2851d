import type { KeyObject } from 'node:crypto';
import { consistencyProofOfSize, memoizedRootsOfHexEntries, verifyCheckpointSignature, verifyConsistency, type SignedCheckpoint, type SubtreeRoots } from '@hub/event-store';
import type { Problem } from './problem';

export interface CheckpointSummary {
  count: number;
  /** False when no public key was given: signatures were not checked (and the output says so). */
  signaturesChecked: boolean;
  latestTreeSize: number;
}

/** The Merkle tree over the audit sequence (its event hashes, hex, in seq order), known through its memoised subtree roots. */
export interface AuditTree {
  size: number;
  rootOf: SubtreeRoots;
}

/**
 * The tree, built once per verification: the checkpoint checks and the trusted checkpoints ask the same memo,
 * so every perfect subtree is hashed once for all of them.
 */
export function auditTree(eventHashes: readonly string[]): AuditTree {
  return { size: eventHashes.length, rootOf: memoizedRootsOfHexEntries(eventHashes) };
}

/**
 * Every signed checkpoint: its signature under one of the auditor's public keys (by key id), its root
 * recomputed from the audit sequence's tree, and a consistency proof from each checkpoint to the next verified
 * against the two signed roots.
 */
export function checkCheckpoints(
  checkpoints: readonly SignedCheckpoint[],
  { size, rootOf }: AuditTree,
  publicKeys: ReadonlyMap<string, KeyObject> | undefined,
): { summary: CheckpointSummary; problems: Problem[] } {
  const problems: Problem[] = [];
  const sorted = [...checkpoints].sort((a, b) => a.treeSize - b.treeSize);
  let previous: SignedCheckpoint | undefined;
  for (const c of sorted) {
    const at = { area: 'checkpoint' as const, treeSize: c.treeSize };
    if (publicKeys) {
      const key = publicKeys.get(c.keyId);
      if (!key) problems.push({ ...at, kind: 'unknown-key', message: `signed with key ${c.keyId}, not one of the given public keys` });
      else if (!verifyCheckpointSignature(key, c)) problems.push({ ...at, kind: 'bad-signature', message: `signature does not verify under key ${c.keyId}` });
    }
    if (c.treeSize > size) {
      problems.push({ ...at, kind: 'beyond-sequence', message: `covers more than the ${size} entries of the audit sequence (entries deleted?)` });
      continue;
    }
    if (!rootOf(0, c.treeSize).equals(c.rootHash)) {
      problems.push({ ...at, kind: 'root-mismatch', message: `signed root ${c.rootHash.toString('hex')} is not the root of the audit sequence's first ${c.treeSize} entries` });
    }
    if (previous && !verifyConsistency(previous.treeSize, c.treeSize, previous.rootHash, c.rootHash, consistencyProofOfSize(previous.treeSize, c.treeSize, rootOf))) {
      problems.push({ ...at, kind: 'inconsistent', message: `not consistent with checkpoint ${previous.treeSize}` });
    }
    previous = c;
  }
  return { summary: { count: sorted.length, signaturesChecked: Boolean(publicKeys), latestTreeSize: previous?.treeSize ?? 0 }, problems };
}
