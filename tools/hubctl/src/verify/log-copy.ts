import type { SignedCheckpoint } from '@hub/event-store';
import type { AuditTree, checkCheckpoints } from './checkpoint-checks';
import type { EventRecord } from './event-row';
import type { CheckedPartition } from './partition-check';
import type { SequenceColumns } from './sequence-checks';

/** What a source yields: the events (already hashed), and the audit log where the source has one. */
export interface LogCopy {
  /** Where it came from, for the report ("database postgres://…/consent", "file x.jsonl", "kafka …"). */
  source: string;
  /**
   * The events hashed, as records for the report to check; or already chain-checked by the source (the
   * database's partition threads), as columns.
   */
  events: EventRecord[] | CheckedPartition;
  /** Absent when the source cannot carry it (Kafka); the report says the check was not possible. */
  sequence?: SequenceColumns;
  checkpoints?: SignedCheckpoint[];
  /** Whether events arrived in an order that is itself evidence (a Kafka partition), so streams are not re-sorted. */
  inSourceOrder?: boolean;
  notes: string[];
  /** Checkpoint checks a source already ran (overlapped with hashing); otherwise the report runs them. */
  checkpointChecks?: ReturnType<typeof checkCheckpoints>;
  /** The audit sequence's tree, when the source built it (for those checks): the report asks it again, not anew. */
  tree?: AuditTree;
  /** The source should have an audit log but has none (tables missing). */
  auditMissing?: boolean;
}

/** Progress callback: events read so far and, when known, an estimate of the total. */
export type Progress = (done: number, total?: number) => void;

/** The note of a verification limited to some streams (--stream-prefix). */
export const onlyStreamsNote = (prefix: string) => `only streams starting with "${prefix}" (audit sequence and checkpoints not checked: they cover the whole log)`;
