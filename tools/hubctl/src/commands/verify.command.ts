import type { KeyObject } from 'node:crypto';
import { loadAuditPublicKey } from '@hub/event-store';
import { EXIT, readArgumentFile, type CommandIo, type HubctlCommand } from '../command';
import { readTrustedCheckpoints, saveCheckpointFile } from '../verify/checkpoint-file';
import { readDatabase } from '../verify/database-source';
import { readExportFile } from '../verify/file-source';
import { readKafka } from '../verify/kafka-source';
import { onlyStreamsNote, type LogCopy } from '../verify/log-copy';
import { progressBar } from '../verify/progress-bar';
import { defaultWorkerCount } from '../verify/partitions';
import { parseVerifyArgs, type VerifyArgs } from '../verify/verify-args';
import { toCheckpointJson, type TrustedCheckpoint } from '../verify/trusted-checkpoint';
import { buildReport, formatReport, type VerifyReport } from '../verify/verify-report';

const USAGE = `usage: hubctl verify (--database URL | --file EXPORT.jsonl | --kafka BROKERS --topic T [--topic T ...])
                     [--public-key FILE.pem ...] [--trusted-checkpoint CP.json ...] [--save-checkpoint CP.json]
                     [--stream-prefix P] [--workers N] [--json]

Checks a copy of a service's event log without trusting the service: every stream's versions run 1..n, every
event's hash is recomputed (RFC 8785 + SHA-256) and chained to its predecessor, the audit sequence is dense and
covers every event, each signed checkpoint's root is recomputed and consecutive checkpoints are consistent.

  --database URL    a live database or one restored from a pg_dump (read in one read-only snapshot)
  --file F          a JSONL export written by \`hubctl export\`
  --kafka BROKERS   the event topics (host:port[,host:port]); chains only: checkpoints are not on Kafka
  --public-key F    the service's audit public key (PEM); needed to check checkpoint signatures
  --trusted-checkpoint F
                    a checkpoint verified before (as --save-checkpoint writes it): the log's tree over its first
                    treeSize sequence entries must have exactly its root, else the log was rewritten or
                    truncated since, even if every checkpoint is re-signed; its signature is checked when its
                    key is among the --public-key files (not on Kafka)
  --save-checkpoint F
                    when the log verifies, write its latest checkpoint to F for the next --trusted-checkpoint
                    (never an older one than a trusted checkpoint given; not on Kafka)
  --stream-prefix P only streams whose id starts with P
  --workers N       threads that read, hash and check a database's events, a partition each, each on a
                    connection of its own (default: one per core but one; 0 = all on the main thread)
  --json            the full report as JSON on stdout

Exit codes: 0 verified, 1 verification failed (first bad event named), 2 usage, 3 source unavailable.`;

async function loadKeys(files: string[]): Promise<Map<string, KeyObject> | undefined> {
  if (files.length === 0) return undefined;
  const keys = new Map<string, KeyObject>();
  for (const file of files) {
    const { publicKey, keyId } = loadAuditPublicKey(await readArgumentFile(file, 'public key'));
    keys.set(keyId, publicKey);
  }
  return keys;
}

async function readSource(args: VerifyArgs, io: CommandIo, keys: Map<string, KeyObject> | undefined): Promise<LogCopy> {
  const bar = progressBar(io, 'verify');
  try {
    switch (args.source.kind) {
      case 'database':
        // The database selects the streams itself (in the COPY), so other streams are not even read.
        return await readDatabase(args.source.url, { workers: args.workers ?? defaultWorkerCount(), streamPrefix: args.streamPrefix, publicKeys: keys }, bar.update);
      case 'file':
        return onlyStreams(await readExportFile(args.source.path, bar.update), args.streamPrefix);
      case 'kafka':
        return onlyStreams(await readKafka(args.source.brokers, args.source.topics, bar.update), args.streamPrefix);
    }
  } finally {
    bar.stop();
  }
}

/** Keeps only the streams asked for (their audit rows are then out of scope: the sequence covers the whole log). */
function onlyStreams(copy: LogCopy, prefix: string | undefined): LogCopy {
  if (prefix === undefined || !Array.isArray(copy.events)) return copy;
  return { ...copy, events: copy.events.filter((e) => e.streamId.startsWith(prefix)), sequence: undefined, checkpoints: undefined, auditMissing: false, notes: [...copy.notes, onlyStreamsNote(prefix)] };
}

/**
 * Keeps the verified checkpoint for next time: only when the log verified, and never one older than a trusted
 * checkpoint the log was just shown to extend (a service that dropped its newest checkpoint rows must not move
 * the auditor's point back).
 */
async function saveCheckpoint(file: string, report: VerifyReport, trusted: readonly TrustedCheckpoint[], io: CommandIo): Promise<void> {
  if (!report.ok) return io.err(`checkpoint NOT saved to ${file}: the log did not verify`);
  const newest = [report.verifiedCheckpoint, ...trusted.map((t) => toCheckpointJson(t.checkpoint))].reduce((a, b) => (b && (!a || b.treeSize > a.treeSize) ? b : a));
  if (!newest) return io.err(`checkpoint NOT saved to ${file}: the log has no checkpoint yet`);
  await saveCheckpointFile(file, newest);
  io.err(`saved checkpoint ${newest.treeSize} (root ${newest.rootHash}) to ${file}`);
}

/** `hubctl verify`: see USAGE. */
export const verifyCommand: HubctlCommand = {
  name: 'verify',
  usage: USAGE,
  async run(argv, io) {
    const args = parseVerifyArgs(argv);
    const keys = await loadKeys(args.publicKeyFiles);
    const trusted = await readTrustedCheckpoints(args.trustedCheckpointFiles);
    const started = process.hrtime.bigint();
    const copy = await readSource(args, io, keys);
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const report = buildReport(copy, keys, seconds, trusted);
    if (args.json) io.out(JSON.stringify(report, null, 2));
    else for (const line of formatReport(report)) io.out(line);
    if (args.saveCheckpointFile !== undefined) await saveCheckpoint(args.saveCheckpointFile, report, trusted, io);
    return report.ok ? EXIT.ok : EXIT.verificationFailed;
  },
};
