import { byteaHex, isoFromCopyTimestamp, parseCopyRows, rawByteaHex, splitWholeRows, unescapeCopyField } from './copy-text';

describe('COPY text parsing', () => {
  it('undoes the escapes Postgres writes, and reads \\N as NULL', () => {
    expect(unescapeCopyField('{"a": "x\\\\ty\\\\\\\\z"}')).toBe('{"a": "x\\ty\\\\z"}');
    expect(unescapeCopyField('a\\tb\\nc')).toBe('a\tb\nc');
    expect(unescapeCopyField('\\N')).toBeNull();
    expect(parseCopyRows('1\tx\\ty\n2\t\\N\n')).toEqual([['1', 'x\ty'], ['2', null]]);
  });

  it('hands on whole rows only, keeping a cut row for the next chunk', () => {
    const first = splitWholeRows(Buffer.alloc(0), Buffer.from('1\ta\n2\tb'));
    expect(first.rows?.toString()).toBe('1\ta\n');
    const second = splitWholeRows(first.rest, Buffer.from('c\n'));
    expect(second.rows?.toString()).toBe('2\tbc\n');
    expect(second.rest).toHaveLength(0);
  });

  it('reads timestamps as the writer\'s ISO milliseconds, keeping sub-millisecond digits so they cannot match', () => {
    expect(isoFromCopyTimestamp('2026-11-24 10:00:00.12+00')).toBe('2026-11-24T10:00:00.120Z');
    expect(isoFromCopyTimestamp('2026-11-24 10:00:00+00')).toBe('2026-11-24T10:00:00.000Z');
    expect(isoFromCopyTimestamp('2026-11-24 10:00:00.123001+00')).toBe('2026-11-24T10:00:00.123001Z');
    expect(() => isoFromCopyTimestamp('2026-11-24 10:00:00+01')).toThrow(/not a UTC timestamp/);
    expect(byteaHex('\\xABcd')).toBe('abcd');
    expect(rawByteaHex('\\\\xABcd')).toBe('abcd'); // as COPY writes it, before unescaping
    expect(() => rawByteaHex('abcd')).toThrow(/not a bytea/);
  });
});
