import type { SignedCheckpoint } from '@hub/event-store';
import type { RawEvent } from './event-row';
import type { SequenceRow } from './sequence-checks';

/**
 * The JSONL export (`hubctl export`): one JSON object per line, a header first, then events, audit sequence rows
 * and checkpoints. Everything a hash or signature covers is carried verbatim, so a copy verifies offline.
 */
export const EXPORT_FORMAT = 'pro-hub-log-export';

export type ExportLine =
  | { format: typeof EXPORT_FORMAT; version: 1; source: string; exportedAt: string; audit: boolean }
  | { event: RawEvent }
  | { unreadable: { position: string; streamId: string; streamVersion: number; eventId: string; reason: string } }
  | { seq: SequenceRow }
  | { checkpoint: { log: string; treeSize: number; rootHash: string; timestamp: string; signature: string; keyId: string } };

export function checkpointToLine(c: SignedCheckpoint): ExportLine {
  return { checkpoint: { log: c.log, treeSize: c.treeSize, rootHash: c.rootHash.toString('hex'), timestamp: c.timestamp, signature: c.signature.toString('base64'), keyId: c.keyId } };
}

export function checkpointFromLine(c: Extract<ExportLine, { checkpoint: unknown }>['checkpoint']): SignedCheckpoint {
  return { log: c.log, treeSize: c.treeSize, rootHash: Buffer.from(c.rootHash, 'hex'), timestamp: c.timestamp, signature: Buffer.from(c.signature, 'base64'), keyId: c.keyId };
}
