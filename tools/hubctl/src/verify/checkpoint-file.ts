import { randomUUID } from 'node:crypto';
import { rename, rm, writeFile } from 'node:fs/promises';
import { readArgumentFile, UsageError } from '../command';
import { parseTrustedCheckpoint, type CheckpointJson, type TrustedCheckpoint } from './trusted-checkpoint';

/** Reads the auditor's trusted checkpoints; a file that cannot be read or is malformed is a usage error (exit 2). */
export async function readTrustedCheckpoints(files: readonly string[]): Promise<TrustedCheckpoint[]> {
  const trusted: TrustedCheckpoint[] = [];
  for (const file of files) {
    const text = await readArgumentFile(file, 'trusted checkpoint');
    try {
      trusted.push(parseTrustedCheckpoint(text, file));
    } catch (err) {
      throw new UsageError((err as Error).message);
    }
  }
  return trusted;
}

/**
 * Writes a verified checkpoint for the next verification. Through a temporary file and a rename, so an
 * interrupted write never leaves the auditor holding half a checkpoint (or none, when it replaces the last one).
 */
export async function saveCheckpointFile(file: string, checkpoint: CheckpointJson): Promise<void> {
  const partial = `${file}.${randomUUID()}.partial`;
  try {
    await writeFile(partial, `${JSON.stringify(checkpoint, null, 2)}\n`, { flag: 'wx' });
    await rename(partial, file);
  } finally {
    await rm(partial, { force: true });
  }
}
