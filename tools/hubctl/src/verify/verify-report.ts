import type { KeyObject } from 'node:crypto';
import { checkChains } from './chain-checks';
import { auditTree, checkCheckpoints, type CheckpointSummary } from './checkpoint-checks';
import { columnsOf } from './event-columns';
import type { EventRecord } from './event-row';
import type { LogCopy } from './log-copy';
import type { CheckedPartition } from './partition-check';
import { byLogOrder, type Problem } from './problem';
import { checkSequence, type SequenceSummary } from './sequence-checks';
import { checkTrustedCheckpoints, toCheckpointJson, uncheckableTrustedCheckpoint, type CheckpointJson, type TrustedCheckpoint } from './trusted-checkpoint';

/** The outcome of a verification: what was checked, what was not (and why), and every problem found. */
export interface VerifyReport {
  ok: boolean;
  source: string;
  events: number;
  streams: number;
  sequence?: SequenceSummary;
  checkpoints?: CheckpointSummary;
  /**
   * The latest checkpoint of a log that verified (absent otherwise): what an auditor keeps (--save-checkpoint)
   * and gives as --trusted-checkpoint next time.
   */
  verifiedCheckpoint?: CheckpointJson;
  /** Tree sizes of the checkpoints the log was held to (--trusted-checkpoint). */
  trustedTreeSizes?: number[];
  /** Checks that could not run, said plainly so "ok" is never read as more than it is. */
  notes: string[];
  /** Sorted so the first is the earliest bad event in the log. */
  problems: Problem[];
  seconds: number;
  eventsPerSecond: number;
}

/**
 * Runs every check the copy allows, and holds the log to the checkpoints the auditor trusts. Pure: the sources
 * did the I/O and the hashing.
 */
export function buildReport(copy: LogCopy, publicKeys: ReadonlyMap<string, KeyObject> | undefined, seconds: number, trusted: readonly TrustedCheckpoint[] = []): VerifyReport {
  const checked = Array.isArray(copy.events) ? checkRecords(copy.events, copy.inSourceOrder) : copy.events;
  const problems = [...checked.problems];
  const notes = [...copy.notes];
  let sequence: SequenceSummary | undefined;
  let checkpoints: CheckpointSummary | undefined;
  if (copy.auditMissing) {
    problems.push({ area: 'sequence', kind: 'no-audit-log', message: 'the source has no audit sequence or checkpoints (tables missing): the log cannot be shown to be sealed' });
  } else if (copy.sequence && copy.checkpoints) {
    const seq = checkSequence(copy.sequence, checked.columns);
    problems.push(...seq.problems);
    sequence = seq.summary;
    const tree = copy.tree ?? auditTree(copy.sequence.eventHash);
    const cps = copy.checkpointChecks ?? checkCheckpoints(copy.checkpoints, tree, publicKeys);
    problems.push(...cps.problems);
    checkpoints = cps.summary;
    if (!publicKeys) notes.push('checkpoint signatures NOT checked: no --public-key given');
    if (sequence.unsealedTail > 0) notes.push(`${sequence.unsealedTail} newest events not sealed yet (committed after the last sealed one)`);
    const held = checkTrustedCheckpoints(trusted, tree, publicKeys);
    problems.push(...held.problems);
    notes.push(...held.notes);
  } else {
    notes.push('audit sequence and signed checkpoints are not on this source: not checked (verify the database or an export for those)');
  }
  if (!sequence) problems.push(...trusted.map((t) => uncheckableTrustedCheckpoint(t, copy.auditMissing ? 'the log has no audit sequence' : 'this source carries no audit sequence')));
  problems.sort(byLogOrder);
  const events = checked.columns.position.length;
  const ok = problems.length === 0;
  const verifiedCheckpoint = ok ? latestOf(copy.checkpoints) : undefined;
  const trustedTreeSizes = trusted.length > 0 ? trusted.map((t) => t.checkpoint.treeSize) : undefined;
  return { ok, source: copy.source, events, streams: checked.streams, sequence, checkpoints, verifiedCheckpoint, trustedTreeSizes, notes, problems, seconds, eventsPerSecond: seconds > 0 ? Math.round(events / seconds) : 0 };
}

function latestOf(checkpoints: LogCopy['checkpoints']): CheckpointJson | undefined {
  if (!checkpoints?.length) return undefined;
  return toCheckpointJson(checkpoints.reduce((a, b) => (b.treeSize > a.treeSize ? b : a)));
}

/** Records a source hashed (an export, Kafka) checked as the database's threads check their partitions. */
function checkRecords(records: readonly EventRecord[], inSourceOrder: boolean | undefined): CheckedPartition {
  return { ...checkChains(records, inSourceOrder), columns: columnsOf(records) };
}

/** A problem as one line an auditor can act on: where (stream, version, event, position / seq / checkpoint), then what. */
export function describeProblem(p: Problem): string {
  const where = [
    p.streamId !== undefined && `stream ${p.streamId}`,
    p.streamVersion !== undefined && `version ${p.streamVersion}`,
    p.eventId !== undefined && `event ${p.eventId}`,
    p.position !== undefined && `position ${p.position}`,
    p.seq !== undefined && `seq ${p.seq}`,
    p.treeSize !== undefined && (p.trustedFile !== undefined ? `trusted checkpoint ${p.treeSize} (${p.trustedFile})` : `checkpoint ${p.treeSize}`),
  ].filter(Boolean);
  return `${where.join(', ')}: ${p.message}`;
}

/** The human-readable report: first bad event, further problems, notes, then one summary line. */
export function formatReport(r: VerifyReport, maxProblems = 20): string[] {
  const lines: string[] = [];
  if (r.problems.length > 0) lines.push(`FIRST BAD: ${describeProblem(r.problems[0])}`);
  for (const p of r.problems.slice(1, maxProblems)) lines.push(`  also: ${describeProblem(p)}`);
  if (r.problems.length > maxProblems) lines.push(`  ... and ${r.problems.length - maxProblems} more (--json lists all)`);
  for (const n of r.notes) lines.push(`note: ${n}`);
  if (r.verifiedCheckpoint) lines.push(`verified checkpoint (keep it; --save-checkpoint F writes it): ${JSON.stringify(r.verifiedCheckpoint)}`);
  const parts = [`${r.events} events in ${r.streams} streams`];
  if (r.sequence) parts.push(`audit sequence ${r.sequence.entries} entries`);
  if (r.checkpoints) parts.push(`${r.checkpoints.count} checkpoints${r.checkpoints.signaturesChecked ? ' (signatures checked)' : ' (signatures not checked)'}`);
  if (r.trustedTreeSizes) parts.push(`held to trusted checkpoint(s) ${r.trustedTreeSizes.join(', ')}`);
  lines.push(`${r.ok ? 'OK' : 'FAILED'}: ${parts.join(', ')}; ${r.problems.length} problem(s); ${r.seconds.toFixed(2)} s, ${r.eventsPerSecond} events/s; ${r.source}`);
  return lines;
}
