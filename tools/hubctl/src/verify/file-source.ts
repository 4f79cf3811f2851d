import { createReadStream } from 'node:fs';
import { access } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import type { SignedCheckpoint } from '@hub/event-store';
import { hashRawEvent, type EventRecord } from './event-row';
import { checkpointFromLine, EXPORT_FORMAT, type ExportLine } from './export-format';
import type { LogCopy, Progress } from './log-copy';
import { sequenceColumnsOf, type SequenceRow } from './sequence-checks';

/** A copy of the log from a `hubctl export` file. Lines that are not valid JSON are reported, not skipped. */
export async function readExportFile(file: string, progress: Progress): Promise<LogCopy> {
  await access(file); // missing file: "unavailable" (exit 3), before any parsing
  const events: EventRecord[] = [];
  const sequence: SequenceRow[] = [];
  const checkpoints: SignedCheckpoint[] = [];
  let header = false;
  let audit = false;
  let lineNo = 0;
  for await (const text of createInterface({ input: createReadStream(file), crlfDelay: Infinity })) {
    lineNo++;
    if (!text.trim()) continue;
    let line: ExportLine;
    try {
      line = JSON.parse(text) as ExportLine;
    } catch {
      events.push(unreadable(`line ${lineNo} is not JSON`));
      continue;
    }
    if ('format' in line) [header, audit] = [line.format === EXPORT_FORMAT, line.audit];
    else if ('event' in line) events.push(hashRawEvent(line.event));
    else if ('unreadable' in line) events.push({ ...line.unreadable, storedHash: '', prevHash: '', computedHash: '', problem: `unreadable row: ${line.unreadable.reason}` });
    else if ('seq' in line) sequence.push(line.seq);
    else if ('checkpoint' in line) checkpoints.push(checkpointFromLine(line.checkpoint));
    if (lineNo % 10_000 === 0) progress(events.length);
  }
  if (!header) throw new Error(`${file} is not a hubctl export (no ${EXPORT_FORMAT} header line)`);
  sequence.sort((a, b) => a.seq - b.seq);
  return { source: `file ${file}`, events, sequence: sequenceColumnsOf(sequence), checkpoints, notes: [], auditMissing: !audit };
}

function unreadable(reason: string): EventRecord {
  return { position: '?', streamId: '?', streamVersion: 0, eventId: '?', storedHash: '', prevHash: '', computedHash: '', problem: reason };
}
