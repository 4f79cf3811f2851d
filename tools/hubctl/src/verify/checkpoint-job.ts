import type { KeyObject } from 'node:crypto';
import { leafHashHex, memoizedRootsOfHexLeaves, type SignedCheckpoint } from '@hub/event-store';
import { checkCheckpointsOverTree, type checkCheckpoints } from './checkpoint-checks';
import { rawByteaHex } from './copy-text';

/**
 * The checkpoint checks as a job for a hashing thread: they need only the audit log, so they run beside the
 * event hashing instead of after it on the main thread. Input is the sequence as COPY text (seq, position,
 * event_hash rows in seq order); structured cloning turns Buffers into Uint8Arrays, hence the re-wrapping.
 */
export interface CheckpointJob {
  sequenceText: Uint8Array;
  checkpoints: SignedCheckpoint[];
  /** undefined: no public keys given, signatures are not checked. */
  keys: [string, KeyObject][] | undefined;
}

const asBuffer = (u: Uint8Array) => Buffer.from(u.buffer, u.byteOffset, u.byteLength);

export function runCheckpointJob(job: CheckpointJob): ReturnType<typeof checkCheckpoints> {
  const checkpoints = job.checkpoints.map((c) => ({ ...c, rootHash: asBuffer(c.rootHash), signature: asBuffer(c.signature) }));
  const leaves = leavesOfSequence(asBuffer(job.sequenceText).toString('latin1'));
  return checkCheckpointsOverTree(checkpoints, leaves.length, memoizedRootsOfHexLeaves(leaves), job.keys ? new Map(job.keys) : undefined);
}

/**
 * The Merkle leaves (hex) of the sequence as COPY text: leafHashHex of each row's event hash (third field, `\\x`
 * and hex), found without splitting the rows, never a Buffer per entry or per digest (merkle.ts says why).
 * Read as latin1: the rows are ASCII (numbers and hex).
 */
export function leavesOfSequence(text: string): string[] {
  const leaves: string[] = [];
  let start = 0;
  while (start < text.length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    if (end > start) {
      const first = text.indexOf('\t', start);
      const second = first < 0 || first > end ? -1 : text.indexOf('\t', first + 1);
      if (second < 0 || second > end) throw new Error(`audit sequence row without an event hash: ${text.slice(start, end)}`);
      const field = text.slice(second + 1, end);
      leaves.push(leafHashHex(rawByteaHex(field))); // rawByteaHex throws on anything but a bytea, as before
    }
    start = end + 1;
  }
  return leaves;
}
