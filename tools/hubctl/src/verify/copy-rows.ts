import type { Client } from 'pg';

/**
 * Reads a `COPY ... TO STDOUT` (text format) row by row, straight from the connection's socket buffers: Postgres
 * sends each row in a CopyData message of its own, so a row is a message's payload, handed over as a range of
 * the buffer it arrived in (no copy, no newline search, no stream machinery). pg-copy-streams, which does the
 * same job as a Readable, copied every byte twice over and cost about a third of a bare COPY scan's time on
 * the client; verification reads every stored event this way.
 *
 * Works as a pg "submittable", like pg-copy-streams: pg sends the statement, this takes the socket's data until
 * CopyDone (or an ErrorResponse, or anything unexpected), then hands the rest back to pg, which reads the
 * command's completion (or the error) as for any query.
 */

/** Called per row with the buffer and the row's range in it, newline excluded; the range is only valid during the call. */
export type OnRow = (buffer: Buffer, start: number, end: number) => void;

const COPY_DATA = 0x64; // d
const COPY_DONE = 0x63; // c
/** Messages Postgres may send in the middle of a COPY (protocol-flow.html#PROTOCOL-COPY), besides CopyData. */
const INTERSPERSED = new Set([0x48 /* H CopyOutResponse */, 0x53 /* S ParameterStatus */, 0x4e /* N Notice */, 0x41 /* A Notification */]);
const HEADER = 5; // code byte + int32 length

interface Connection {
  stream: NodeJS.EventEmitter;
  query(text: string): void;
}

class CopyRowsQuery {
  private pgDataHandler?: (buffer: Buffer) => void;
  private connection?: Connection;
  /** Bytes of a message cut by the end of a socket buffer, kept until the rest arrives. */
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private rows = 0;
  private rowError: unknown;
  readonly done: Promise<number>;
  private settle!: { resolve: (rows: number) => void; reject: (err: unknown) => void };

  constructor(
    private readonly text: string,
    private readonly onRow: OnRow,
  ) {
    this.done = new Promise((resolve, reject) => (this.settle = { resolve, reject }));
  }

  /** pg calls this when the statement's turn comes. */
  submit(connection: Connection): void {
    this.connection = connection;
    const listeners = connection.stream.listeners('data') as ((buffer: Buffer) => void)[];
    if (listeners.length !== 1) throw new Error(`cannot read COPY rows: the connection has ${listeners.length} data listeners, expected pg's one`);
    this.pgDataHandler = listeners[0];
    connection.stream.removeListener('data', this.pgDataHandler);
    connection.stream.on('data', this.onData);
    connection.query(this.text);
  }

  private readonly onData = (chunk: Buffer): void => {
    let buffer = chunk;
    if (this.pendingBytes > 0) {
      this.pending.push(chunk);
      this.pendingBytes += chunk.length;
      // Wait for the whole cut message before joining (a large row over many socket buffers is joined once).
      const head = this.pending[0].length >= HEADER ? this.pending[0] : Buffer.concat(this.pending);
      if (head.length >= HEADER && this.pendingBytes < 1 + head.readUInt32BE(1)) return;
      buffer = Buffer.concat(this.pending, this.pendingBytes);
      this.pending = [];
      this.pendingBytes = 0;
    }
    let at = 0;
    while (at + HEADER <= buffer.length) {
      const code = buffer[at];
      const end = at + 1 + buffer.readUInt32BE(at + 1);
      if (code === COPY_DATA) {
        if (end > buffer.length) break;
        this.row(buffer, at + HEADER, end);
      } else if (code === COPY_DONE || !INTERSPERSED.has(code)) {
        // Done, or an ErrorResponse (or anything else): pg reads it and what follows, as for any statement.
        this.handBack(buffer.subarray(code === COPY_DONE && end <= buffer.length ? end : at));
        return;
      } else if (end > buffer.length) break;
      at = end;
    }
    if (at < buffer.length) {
      this.pending = [buffer.subarray(at)];
      this.pendingBytes = buffer.length - at;
    }
  };

  private row(buffer: Buffer, start: number, end: number): void {
    this.rows++;
    if (this.rowError !== undefined) return; // read to the end all the same: the connection must get back to idle
    try {
      this.onRow(buffer, start, buffer[end - 1] === 0x0a ? end - 1 : end);
    } catch (err) {
      this.rowError = err;
    }
  }

  private handBack(rest: Buffer): void {
    const { stream } = this.connection!;
    stream.removeListener('data', this.onData);
    stream.on('data', this.pgDataHandler!);
    if (rest.length > 0) this.pgDataHandler!(rest);
  }

  handleCommandComplete(): void {}

  handleReadyForQuery(): void {
    if (this.rowError !== undefined) this.settle.reject(this.rowError);
    else this.settle.resolve(this.rows);
  }

  handleError(err: unknown): void {
    // The socket's data may still be ours (a connection error mid-COPY): give it back to pg either way.
    if (this.connection?.stream.listeners('data').includes(this.onData)) this.handBack(Buffer.alloc(0));
    this.settle.reject(err);
  }
}

/** Runs `sql` (a COPY ... TO STDOUT) on `client`, calling onRow for each row; resolves to the number of rows. */
export function copyRows(client: Client, sql: string, onRow: OnRow): Promise<number> {
  const query = new CopyRowsQuery(sql, onRow);
  // pg accepts any object with submit() as a query (a "submittable"); its result is ours to report.
  void client.query(query as unknown as Parameters<Client['query']>[0]);
  return query.done;
}
