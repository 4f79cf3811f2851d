import type { KeyObject } from 'node:crypto';
import { verifyCheckpointSignature, type SignedCheckpoint } from '@hub/event-store';
import type { AuditTree } from './checkpoint-checks';
import { checkpointFromLine, checkpointToLine, type ExportLine } from './export-format';
import type { Problem } from './problem';

/**
 * A checkpoint as an auditor keeps it between verifications (Certificate Transparency style): the fields the
 * sealer signed, the signature and the key id, as in an export's checkpoint line (root hex, signature base64).
 */
export type CheckpointJson = Extract<ExportLine, { checkpoint: unknown }>['checkpoint'];

/** A checkpoint the auditor verified before and now holds the log to: the current log must extend it. */
export interface TrustedCheckpoint {
  /** Where the auditor keeps it, to name it in problems. */
  file: string;
  checkpoint: SignedCheckpoint;
}

export function toCheckpointJson(c: SignedCheckpoint): CheckpointJson {
  return (checkpointToLine(c) as { checkpoint: CheckpointJson }).checkpoint;
}

const HEX_32 = /^[0-9a-f]{64}$/;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/**
 * Parses a saved checkpoint (what `--save-checkpoint` writes, or `verifiedCheckpoint` of a `--json` report).
 * Every mistake is named at once, so a hand-edited file is fixed in one go. Unknown members are ignored.
 */
export function parseTrustedCheckpoint(text: string, file: string): TrustedCheckpoint {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new Error(`trusted checkpoint ${file} is not JSON`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error(`trusted checkpoint ${file} is not a JSON object`);
  const c = value as Record<string, unknown>;
  const issues = [
    !(typeof c.log === 'string' && c.log.length > 0) && 'log must be a non-empty string',
    !(Number.isSafeInteger(c.treeSize) && (c.treeSize as number) > 0) && 'treeSize must be a positive integer',
    !(typeof c.rootHash === 'string' && HEX_32.test(c.rootHash)) && 'rootHash must be 64 lower-case hex digits',
    !(typeof c.timestamp === 'string' && !Number.isNaN(Date.parse(c.timestamp))) && 'timestamp must be an ISO-8601 time',
    !(typeof c.signature === 'string' && BASE64.test(c.signature)) && 'signature must be base64',
    !(typeof c.keyId === 'string' && c.keyId.length > 0) && 'keyId must be a non-empty string',
  ].filter((issue): issue is string => typeof issue === 'string');
  if (issues.length > 0) throw new Error(`trusted checkpoint ${file} is malformed: ${issues.join('; ')}`);
  return { file, checkpoint: checkpointFromLine(c as unknown as CheckpointJson) };
}

/**
 * Whether the log still extends each checkpoint the auditor trusts: the Merkle root over the audit sequence's
 * first treeSize entries must be exactly the trusted root. This is what a service holding the signing key
 * cannot fake: rewriting or truncating history and re-signing every checkpoint passes every other check, but
 * not this one. The trusted file's signature is checked when its key is among `publicKeys`; the file is the
 * auditor's own, so without the key that is a note, not a problem. `tree`: the audit sequence's, which the
 * checkpoint checks hashed already (auditTree).
 */
export function checkTrustedCheckpoints(
  trusted: readonly TrustedCheckpoint[],
  { size, rootOf }: AuditTree,
  publicKeys: ReadonlyMap<string, KeyObject> | undefined,
): { problems: Problem[]; notes: string[] } {
  const problems: Problem[] = [];
  const notes: string[] = [];
  for (const { file, checkpoint: c } of trusted) {
    const at = { area: 'trusted-checkpoint' as const, treeSize: c.treeSize, trustedFile: file };
    const key = publicKeys?.get(c.keyId);
    if (publicKeys && !key) notes.push(`trusted checkpoint ${file}: signature not checked (key ${c.keyId} is not one of the given public keys)`);
    if (key && !verifyCheckpointSignature(key, c)) problems.push({ ...at, kind: 'trusted-bad-signature', message: `the signature of the checkpoint you trust does not verify under key ${c.keyId} (has the file been altered?)` });
    const trustedRoot = `root ${c.rootHash.toString('hex')} over ${c.treeSize} entries, signed ${c.timestamp}`;
    if (c.treeSize > size) {
      problems.push({ ...at, kind: 'log-truncated', message: `the log was truncated since the checkpoint you trust (${trustedRoot}): its audit sequence now has only ${size} entries` });
    } else if (!rootOf(0, c.treeSize).equals(c.rootHash)) {
      problems.push({ ...at, kind: 'log-rewritten', message: `the log was rewritten since the checkpoint you trust (${trustedRoot}): its first ${c.treeSize} entries now have root ${rootOf(0, c.treeSize).toString('hex')}` });
    }
  }
  return { problems, notes };
}

/** A trusted checkpoint on a source that has no audit sequence to hold it to: never a silent pass. */
export function uncheckableTrustedCheckpoint({ file, checkpoint: c }: TrustedCheckpoint, why: string): Problem {
  return { area: 'trusted-checkpoint', kind: 'log-truncated', treeSize: c.treeSize, trustedFile: file, message: `the log cannot be shown to extend the checkpoint you trust: ${why}` };
}
