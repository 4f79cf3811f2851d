import { byteaHex, isoFromCopyTimestamp, parseCopyRows, rawByteaHex, unescapeCopyField, WholeRowChunks } from './copy-text';

describe('COPY text parsing', () => {
  it('undoes the escapes Postgres writes, and reads \\N as NULL', () => {
    expect(unescapeCopyField('{"a": "x\\\\ty\\\\\\\\z"}')).toBe('{"a": "x\\ty\\\\z"}');
    expect(unescapeCopyField('a\\tb\\nc')).toBe('a\tb\nc');
    expect(unescapeCopyField('\\N')).toBeNull();
    expect(parseCopyRows('1\tx\\ty\n2\t\\N\n')).toEqual([['1', 'x\ty'], ['2', null]]);
  });

  it('hands on whole rows only, each chunk alone in its buffer, keeping a cut row for the next', () => {
    const chunks = new WholeRowChunks(8);
    expect(chunks.push(Buffer.from('1\ta\n2\tb'))).toBeUndefined(); // under the size: gathering
    const first = chunks.push(Buffer.from('b\n3\tc'))!;
    expect(first.toString()).toBe('1\ta\n2\tbb\n');
    expect([first.byteOffset, first.buffer.byteLength >= first.length]).toEqual([0, true]);
    expect(chunks.push(Buffer.from('ccccccccccccccccccc'))).toBeUndefined(); // past the size, but no row ends yet
    const second = chunks.push(Buffer.from('\n4'))!;
    expect(second.toString()).toBe(`3\tc${'c'.repeat(19)}\n`);
    expect(second.buffer).not.toBe(first.buffer);
    expect(chunks.end()?.toString()).toBe('4\n'); // a cut last row is handed on (and then reported), not dropped
    expect(chunks.end()).toBeUndefined();
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
