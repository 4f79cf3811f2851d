import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { readCheckpoints } from '@hub/event-store';
import { byteaHex, parseCopyRows, unescapeCopyField } from './copy-text';
import { openSnapshot, redact, streamCopy } from './database-read';
import { EVENT_COLUMNS, rawEventFromCopy } from './event-row';
import { checkpointToLine, EXPORT_FORMAT, type ExportLine } from './export-format';

/** Writes a database's log (events, audit sequence, checkpoints) to a JSONL file, from one consistent snapshot. */
export async function exportDatabase(url: string, file: string, now: () => Date = () => new Date()): Promise<{ events: number }> {
  const client = await openSnapshot(url);
  const out = createWriteStream(file);
  const write = async (line: ExportLine) => {
    if (!out.write(`${JSON.stringify(line)}\n`)) await once(out, 'drain');
  };
  let events = 0;
  try {
    const { rows } = await client.query<{ t: string | null }>("SELECT to_regclass('audit_sequence')::text AS t");
    const audit = rows[0].t !== null;
    await write({ format: EXPORT_FORMAT, version: 1, source: redact(url), exportedAt: now().toISOString(), audit });
    await streamCopy(client, `COPY events (${EVENT_COLUMNS.join(', ')}) TO STDOUT`, async (chunk) => {
      for (const f of parseCopyRows(chunk.toString('utf8'), false)) {
        events++;
        try {
          await write({ event: rawEventFromCopy(f) });
        } catch (err) {
          await write({ unreadable: { position: f[0] ?? '?', streamId: unescapeCopyField(f[2] ?? '?') ?? '?', streamVersion: Number(f[3]), eventId: f[4] ?? '?', reason: (err as Error).message } });
        }
      }
    });
    if (audit) {
      await streamCopy(client, 'COPY (SELECT seq, global_position, event_hash FROM audit_sequence ORDER BY seq) TO STDOUT', async (chunk) => {
        for (const f of parseCopyRows(chunk.toString('utf8'))) await write({ seq: { seq: Number(f[0]), position: f[1] ?? '?', eventHash: byteaHex(f[2]) } });
      });
      for (const c of await readCheckpoints(client)) await write(checkpointToLine(c));
    }
  } finally {
    out.end();
    await once(out, 'close');
    await client.end().catch(() => undefined);
  }
  return { events };
}
