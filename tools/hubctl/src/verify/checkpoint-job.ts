import type { KeyObject } from 'node:crypto';
import type { SignedCheckpoint } from '@hub/event-store';
import { checkCheckpoints } from './checkpoint-checks';
import { parseCopyRows, rawByteaHex } from './copy-text';

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
  const entries = parseCopyRows(asBuffer(job.sequenceText).toString('utf8'), false).map((f) => Buffer.from(rawByteaHex(f[2]), 'hex'));
  const checkpoints = job.checkpoints.map((c) => ({ ...c, rootHash: asBuffer(c.rootHash), signature: asBuffer(c.signature) }));
  return checkCheckpoints(checkpoints, entries, job.keys ? new Map(job.keys) : undefined);
}
