import { hashCopyRows } from './event-row';
import { fromPosted, toPosted } from './posted-records';

const hash = (c: string) => c.repeat(64);
const row = (position: number, version: number | string, data: string, stored: string) =>
  [position, 900 + position, 'response-1', version, `00000000-0000-4000-8000-00000000000${position}`, 'ResponseScored', 1, data, '{}', '2026-11-24 12:00:00+00', `\\\\x${stored}`, `\\\\x${hash('0')}`].join('\t');

describe('records as a hashing thread posts them', () => {
  it('arrive as the thread had them: fields, recomputed hashes that differ, unreadable rows', () => {
    const records = hashCopyRows(`${[row(1, 1, '{"a": 1}', hash('a')), row(2, 'x', 'not json', hash('b')), row(3, 2, '{"b": [1, 2]}', hash('c'))].join('\n')}\n`);
    expect(records.map((r) => Boolean(r.problem))).toEqual([false, true, false]); // the fixture has each kind
    expect(records[0].computedHash).not.toBe(records[0].storedHash);
    // The same structured clone postMessage does.
    expect(fromPosted(structuredClone(toPosted(records)))).toEqual(records);
  });

  it('leave out a recomputed hash equal to the stored one, and restore it', () => {
    const [record] = hashCopyRows(`${row(1, 1, '{"a": 1}', hash('a'))}\n`);
    const honest = { ...record, storedHash: record.computedHash };
    const posted = toPosted([honest]);
    expect(posted.mismatches).toEqual([]);
    expect(fromPosted(structuredClone(posted))).toEqual([honest]);
  });
});
