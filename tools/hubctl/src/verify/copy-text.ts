/**
 * Parsing PostgreSQL's COPY text format (the default of `COPY ... TO STDOUT`): rows end in a newline, fields are
 * tab-separated, `\N` is NULL, and backslash escapes stand for the characters that would break that framing.
 */

const ESCAPES: Record<string, string> = { b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\\': '\\' };

/** Undoes COPY text escaping in one field (the fast path, no backslash, is the common one). */
export function unescapeCopyField(field: string): string | null {
  if (field === '\\N') return null;
  if (!field.includes('\\')) return field;
  return field.replace(/\\(x[0-9a-fA-F]{1,2}|[0-7]{1,3}|.)/g, (_, code: string) => {
    if (code[0] === 'x' && code.length > 1) return String.fromCharCode(parseInt(code.slice(1), 16));
    if (/^[0-7]/.test(code)) return String.fromCharCode(parseInt(code, 8));
    return ESCAPES[code] ?? code;
  });
}

/** Splits complete COPY text rows into their fields, unescaped (or raw, for callers that unescape selectively). */
export function parseCopyRows(text: string, unescape = true): (string | null)[][] {
  const rows: (string | null)[][] = [];
  let start = 0;
  while (start < text.length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    if (end > start) {
      const fields = text.slice(start, end).split('\t');
      rows.push(unescape ? fields.map(unescapeCopyField) : fields);
    }
    start = end + 1;
  }
  return rows;
}

/**
 * Gathers a COPY stream's chunks (they end anywhere) into chunks of whole rows of at least `size` bytes, each in
 * an ArrayBuffer of its own that nothing else uses (not Node's shared pool): a worker must get rows it can parse
 * on its own, and a receiver may move such a chunk to a thread without copying it. Each byte is copied once,
 * into the buffer it is handed over in (a cut row's start once more, into the next).
 */
export class WholeRowChunks {
  private buffer: Buffer;
  private used = 0;

  constructor(private readonly size: number) {
    this.buffer = Buffer.allocUnsafeSlow(size * 2);
  }

  /** Adds a chunk; returns whole rows once there are at least `size` bytes (and one row ends in them). */
  push(chunk: Buffer): Buffer | undefined {
    if (this.used + chunk.length > this.buffer.length) this.buffer = this.moved(this.buffer.subarray(0, this.used), (this.used + chunk.length) * 2);
    chunk.copy(this.buffer, this.used);
    this.used += chunk.length;
    if (this.used < this.size) return undefined;
    const cut = this.buffer.lastIndexOf(0x0a, this.used - 1) + 1;
    return cut === 0 ? undefined : this.handOver(cut);
  }

  /** What is left at the end of the stream; a last row without its newline (a cut stream) gets one, to be reported. */
  end(): Buffer | undefined {
    if (this.used === 0) return undefined;
    const rows = this.handOver(this.used);
    return rows[rows.length - 1] === 0x0a ? rows : Buffer.concat([rows, Buffer.from('\n')]);
  }

  private handOver(cut: number): Buffer {
    const rows = this.buffer.subarray(0, cut);
    const rest = this.buffer.subarray(cut, this.used);
    this.buffer = this.moved(rest, Math.max(this.size * 2, rest.length * 2));
    this.used = rest.length;
    return rows;
  }

  private moved(bytes: Buffer, capacity: number): Buffer {
    const next = Buffer.allocUnsafeSlow(capacity);
    bytes.copy(next);
    return next;
  }
}

/** A bytea in COPY text output (`\x` then hex, after unescaping) as lower-case hex. */
export function byteaHex(field: string | null): string {
  if (field === null || !field.startsWith('\\x')) throw new Error(`not a bytea hex value: ${String(field).slice(0, 20)}`);
  return field.slice(2).toLowerCase();
}

/** byteaHex of a field not yet unescaped (`\\x` then hex): skips the unescaping, two fields per event. */
export function rawByteaHex(field: string | null): string {
  return field !== null && field.startsWith('\\\\x') ? field.slice(3).toLowerCase() : byteaHex(field === null ? null : unescapeCopyField(field));
}

/**
 * A timestamptz as COPY prints it with TimeZone UTC and DateStyle ISO ("2026-11-24 10:00:00.12+00", trailing
 * zeros dropped) as the writer's ISO string with milliseconds. A value with sub-millisecond digits keeps them,
 * so it cannot match a hash the writer computed (it would have been tampered with).
 */
export function isoFromCopyTimestamp(field: string | null): string {
  const m = field === null ? null : /^(\d{4,}-\d\d-\d\d) (\d\d:\d\d:\d\d)(?:\.(\d{1,6}))?\+00$/.exec(field);
  if (!m) throw new Error(`not a UTC timestamp: ${String(field)}`);
  const fraction = (m[3] ?? '').padEnd(3, '0');
  return `${m[1]}T${m[2]}.${fraction}Z`;
}
