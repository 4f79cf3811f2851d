import fc from 'fast-check';
import { randomUUID } from 'node:crypto';
import { computeEventHash, ZERO_HASH } from '@hub/event-store';
import { jsonbText, plainJson } from '@hub/testing';
import { hashCopyRow } from './copy-row-bytes';
import { hashCopyRows, type EventRecord } from './event-row';

/** COPY text escaping of one field (backslash first, then what would break the row's framing). */
const esc = (s: string) => s.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r');

interface Row {
  streamId: string;
  version: number;
  type: string;
  data: unknown;
  metadata: unknown;
  /** As COPY prints it, and what the writer had. */
  recordedAt: [string, string];
  /** Stored hashes as printed (normally lower-case hex after \\x). */
  prevHex: string;
  storedHex?: string;
}

/** One COPY row of EVENT_COLUMNS, jsonb as Postgres prints it; the stored hash is the writer's unless given. */
function copyRow(r: Row): string {
  const eventId = randomUUID();
  const hash = computeEventHash({ eventId, streamId: r.streamId, streamVersion: r.version, type: r.type, schemaVersion: 1, data: r.data, metadata: r.metadata, recordedAt: r.recordedAt[1], prevHash: Buffer.from(r.prevHex, 'hex') });
  const fields = ['41', '900', esc(r.streamId), r.version, eventId, esc(r.type), 1, esc(jsonbText(r.data)), esc(jsonbText(r.metadata)), r.recordedAt[0], `\\\\x${r.storedHex ?? hash.toString('hex')}`, `\\\\x${r.prevHex}`];
  return fields.join('\t');
}

/** Both paths on one row, as the verifier meets it (amid other bytes of a socket buffer), as records. */
function bothPaths(text: string) {
  const buffer = Buffer.from(`junk\n${text}\nmore`);
  const from = 5;
  const records: EventRecord[] = [];
  hashCopyRow(buffer, from, from + Buffer.byteLength(text), {
    event: (position, transactionId, streamId, streamVersion, eventId, storedHash, prevHash, computedHash) =>
      records.push({ position: String(position), transactionId: String(transactionId), streamId, streamVersion, eventId, storedHash, prevHash, computedHash }),
    record: (r) => records.push(r),
  });
  expect(records).toHaveLength(1);
  return { bytes: records[0], text: hashCopyRows(`${text}\n`)[0] };
}

const name = fc.string({ unit: 'grapheme', minLength: 1, maxLength: 12 });
const rowArb = fc.record({
  streamId: name,
  version: fc.integer({ min: 1, max: 100_000 }),
  type: name,
  data: fc.oneof(plainJson.value, fc.jsonValue({ maxDepth: 3 })),
  metadata: fc.oneof(plainJson.object, fc.constant({ correlationId: 'c-1' })),
  recordedAt: fc.constantFrom<[string, string]>(['2026-11-24 12:00:00+00', '2026-11-24T12:00:00.000Z'], ['2026-11-24 12:00:00.5+00', '2026-11-24T12:00:00.500Z'], ['2026-11-24 12:00:00.123+00', '2026-11-24T12:00:00.123Z'], ['2026-11-24 12:00:00.123456+00', '2026-11-24T12:00:00.123Z']),
  prevHex: fc.constantFrom(ZERO_HASH.toString('hex'), 'ab'.repeat(32), 'AB'.repeat(32)),
  storedHex: fc.option(fc.constantFrom('cd'.repeat(32), 'CD'.repeat(32), '', 'ab'), { nil: undefined }),
});

describe('hashing COPY rows from their bytes', () => {
  it('gives exactly the records of the text path, for rows of any content (escapes, Danish, odd hashes, fractions)', () => {
    fc.assert(
      fc.property(rowArb, (r) => {
        const { bytes, text } = bothPaths(copyRow(r));
        expect(bytes).toEqual(text);
      }),
      { numRuns: 1_500 },
    );
  });

  it('recomputes the writer\'s hash for an honest row, and a different one when a byte of data changed', () => {
    const honest = copyRow({ streamId: 'patient-1', version: 3, type: 'Answered', data: { b: [1, { d: 'æ' }], a: 2 }, metadata: {}, recordedAt: ['2026-11-24 12:00:00.12+00', '2026-11-24T12:00:00.120Z'], prevHex: 'ab'.repeat(32) });
    const ok = bothPaths(honest).bytes;
    expect(ok.computedHash).toBe(ok.storedHash);
    const tampered = bothPaths(honest.replace('"a": 2', '"a": 3')).bytes;
    expect(tampered.computedHash).not.toBe(tampered.storedHash);
  });

  it('keeps rows it cannot read as the text path reports them', () => {
    const good = copyRow({ streamId: 's', version: 1, type: 'T', data: {}, metadata: {}, recordedAt: ['2026-11-24 12:00:00+00', '2026-11-24T12:00:00.000Z'], prevHex: '00'.repeat(32) });
    const fields = good.split('\t');
    for (const broken of [fields.slice(0, 11).join('\t'), [...fields.slice(0, 7), 'not json', ...fields.slice(8)].join('\t'), [...fields.slice(0, 9), 'yesterday', ...fields.slice(10)].join('\t'), [...fields, 'extra'].join('\t')]) {
      const { bytes, text } = bothPaths(broken);
      expect(bytes).toEqual(text);
    }
    expect(bothPaths([...fields.slice(0, 7), 'not json', ...fields.slice(8)].join('\t')).bytes.problem).toMatch(/unreadable row/);
  });
});
