import type { KeyObject } from 'node:crypto';
import { checkChains } from './chain-checks';
import { checkCheckpoints, type CheckpointSummary } from './checkpoint-checks';
import type { LogCopy } from './log-copy';
import { byLogOrder, type Problem } from './problem';
import { checkSequence, type SequenceRow, type SequenceSummary } from './sequence-checks';

/** The outcome of a verification: what was checked, what was not (and why), and every problem found. */
export interface VerifyReport {
  ok: boolean;
  source: string;
  events: number;
  streams: number;
  sequence?: SequenceSummary;
  checkpoints?: CheckpointSummary;
  /** Checks that could not run, said plainly so "ok" is never read as more than it is. */
  notes: string[];
  /** Sorted so the first is the earliest bad event in the log. */
  problems: Problem[];
  seconds: number;
  eventsPerSecond: number;
}

/** Runs every check the copy allows. Pure: the sources did the I/O and the hashing. */
export function buildReport(copy: LogCopy, publicKeys: ReadonlyMap<string, KeyObject> | undefined, seconds: number): VerifyReport {
  const chains = checkChains(copy.events, copy.inSourceOrder);
  const problems = [...chains.problems];
  const notes = [...copy.notes];
  let sequence: SequenceSummary | undefined;
  let checkpoints: CheckpointSummary | undefined;
  if (copy.auditMissing) {
    problems.push({ area: 'sequence', kind: 'no-audit-log', message: 'the source has no audit sequence or checkpoints (tables missing): the log cannot be shown to be sealed' });
  } else if (copy.sequence && copy.checkpoints) {
    const seq = checkSequence(copy.sequence, copy.events);
    problems.push(...seq.problems);
    sequence = seq.summary;
    const cps = copy.checkpointChecks ?? checkCheckpoints(copy.checkpoints, sequenceEntries(copy.sequence), publicKeys);
    problems.push(...cps.problems);
    checkpoints = cps.summary;
    if (!publicKeys) notes.push('checkpoint signatures NOT checked: no --public-key given');
    if (sequence.unsealedTail > 0) notes.push(`${sequence.unsealedTail} newest events not sealed yet (committed after the last sealed one)`);
  } else {
    notes.push('audit sequence and signed checkpoints are not on this source: not checked (verify the database or an export for those)');
  }
  problems.sort(byLogOrder);
  return { ok: problems.length === 0, source: copy.source, events: copy.events.length, streams: chains.streams, sequence, checkpoints, notes, problems, seconds, eventsPerSecond: seconds > 0 ? Math.round(copy.events.length / seconds) : 0 };
}

/** The Merkle tree's entries: the sequence's event hashes in seq order. */
export function sequenceEntries(sequence: readonly SequenceRow[]): Buffer[] {
  return sequence.map((r) => Buffer.from(r.eventHash, 'hex'));
}

/** A problem as one line an auditor can act on: where (stream, version, event, position / seq / checkpoint), then what. */
export function describeProblem(p: Problem): string {
  const where = [
    p.streamId !== undefined && `stream ${p.streamId}`,
    p.streamVersion !== undefined && `version ${p.streamVersion}`,
    p.eventId !== undefined && `event ${p.eventId}`,
    p.position !== undefined && `position ${p.position}`,
    p.seq !== undefined && `seq ${p.seq}`,
    p.treeSize !== undefined && `checkpoint ${p.treeSize}`,
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
  const parts = [`${r.events} events in ${r.streams} streams`];
  if (r.sequence) parts.push(`audit sequence ${r.sequence.entries} entries`);
  if (r.checkpoints) parts.push(`${r.checkpoints.count} checkpoints${r.checkpoints.signaturesChecked ? ' (signatures checked)' : ' (signatures not checked)'}`);
  lines.push(`${r.ok ? 'OK' : 'FAILED'}: ${parts.join(', ')}; ${r.problems.length} problem(s); ${r.seconds.toFixed(2)} s, ${r.eventsPerSecond} events/s; ${r.source}`);
  return lines;
}
