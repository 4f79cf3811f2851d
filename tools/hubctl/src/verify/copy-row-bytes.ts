import { hash } from 'node:crypto';
import { ByteWriter, writeCanonicalJsonBytes } from '@hub/event-store';
import { hashCopyRows, type EventRecord } from './event-row';

/**
 * Hashing COPY rows (EVENT_COLUMNS order) straight from the bytes Postgres sent: the canonical event text
 * (canonicalEventTextWith's layout) is written into one reused buffer and hashed there, and only the few fields
 * a record keeps become strings. A row this path cannot take exactly (a backslash anywhere but in the hashes'
 * `\\x`, a control character or quote in a name, a number or timestamp of an unusual shape, JSON that
 * writeCanonicalJsonBytes declines) is decoded and hashed by the text path (hashCopyRows), which also reports
 * what cannot be read. `copy-row-bytes.unit.spec.ts` checks both paths give the same records.
 */

const TAB = 0x09;
const FIELDS = 12;

const ascii = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));
// The canonical event text around its nine values, members in RFC 8785 order (see canonicalEventTextWith).
const DATA = ascii('{"data":');
const EVENT_ID = ascii(',"eventId":"');
const METADATA = ascii('","metadata":');
const PREV_HASH = ascii(',"prevHash":"');
const RECORDED_AT = ascii('","recordedAt":"');
const SCHEMA_VERSION = ascii('","schemaVersion":');
const STREAM_ID = ascii(',"streamId":"');
const STREAM_VERSION = ascii('","streamVersion":');
const TYPE = ascii(',"type":"');
const END = ascii('"}');
/** More than the member names and punctuation the event text adds around the row's values (and the ISO "T", "Z", fraction). */
const TEMPLATE_BYTES = 256;

const writer = new ByteWriter();
/** Field boundaries of the current row: start of field i at 2i, its end (exclusive) at 2i + 1. */
const bounds = new Int32Array(FIELDS * 2);

function put(bytes: Uint8Array): void {
  writer.copy(bytes, 0, bytes.length);
}

const isDigit = (b: number) => b >= 0x30 && b <= 0x39;

/** A plain decimal integer: 1-15 digits, no sign, no leading zero (what an int or bigint column prints). */
function plainInteger(row: Uint8Array, from: number, to: number): boolean {
  if (to - from < 1 || to - from > 15 || (row[from] === 0x30 && to - from > 1)) return false;
  for (let i = from; i < to; i++) if (!isDigit(row[i])) return false;
  return true;
}

/** Text a JSON string holds as it is: no quote, backslash or control character. */
function plainText(row: Uint8Array, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const b = row[i];
    if (b === 0x22 || b === 0x5c || b < 0x20) return false;
  }
  return true;
}

/** Where the hex of a bytea in COPY text starts (after `\\x`), or -1; the hex itself is checked as a string (LOWER_HEX). */
function byteaHexStart(row: Uint8Array, from: number, to: number): number {
  return to - from >= 3 && row[from] === 0x5c && row[from + 1] === 0x5c && row[from + 2] === 0x78 ? from + 3 : -1;
}

/** Buffer's own latin1 decoding, without toString's argument handling around it (seven strings per event). */
const latin1 = (row: Buffer, from: number, to: number) => (row as Buffer & { latin1Slice(from: number, to: number): string }).latin1Slice(from, to);

/** A plainInteger's value. */
function digits(row: Uint8Array, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) n = n * 10 + row[i] - 0x30;
  return n;
}

/**
 * Writes a timestamptz as COPY prints it with TimeZone GMT and DateStyle ISO ("2026-11-24 10:00:00.12+00") as
 * the writer's ISO string ("2026-11-24T10:00:00.120Z"), as isoFromCopyTimestamp does; false for any other shape.
 */
function writeIsoTimestamp(row: Uint8Array, from: number, to: number): boolean {
  let space = from;
  while (space < to && row[space] !== 0x20) space++;
  if (space >= to || space - from < 10) return false;
  // Date: 4+ digit year, "-", 2 digits, "-", 2 digits.
  for (let i = from; i < space; i++) {
    const dash = i === space - 3 || i === space - 6;
    if (dash ? row[i] !== 0x2d : !isDigit(row[i])) return false;
  }
  const time = space + 1;
  if (to - time < 11) return false; // hh:mm:ss+00
  for (let i = 0; i < 8; i++) if (i === 2 || i === 5 ? row[time + i] !== 0x3a : !isDigit(row[time + i])) return false;
  let p = time + 8;
  let fraction = 0;
  if (row[p] === 0x2e) {
    p++;
    while (p < to && isDigit(row[p])) p++;
    fraction = p - time - 9;
    if (fraction < 1 || fraction > 6) return false;
  }
  if (p + 3 !== to || row[p] !== 0x2b || row[p + 1] !== 0x30 || row[p + 2] !== 0x30) return false;
  writer.copy(row, from, space);
  writer.byte(0x54); // T
  writer.copy(row, time, time + 8);
  writer.byte(0x2e);
  writer.copy(row, time + 9, time + 9 + fraction);
  for (let i = fraction; i < 3; i++) writer.byte(0x30);
  writer.byte(0x5a); // Z
  return true;
}

/** Fields before data, and from metadata on: found from either end of the row, so data, the long one, is never scanned. */
const BEFORE_DATA = 7;
const FROM_METADATA = FIELDS - BEFORE_DATA - 1;

/**
 * Finds the row's field boundaries: the first seven tabs from the start, the last four from the end (COPY escapes
 * tabs inside values, so a row of these columns has exactly eleven). False when there are not enough; a tab too
 * many would fall inside data, where the JSON reader declines it.
 */
function splitFields(row: Uint8Array, from: number, to: number): boolean {
  let at = from;
  for (let field = 0; field < BEFORE_DATA; field++) {
    let tab = at;
    while (tab < to && row[tab] !== TAB) tab++;
    if (tab >= to) return false;
    bounds[field * 2] = at;
    bounds[field * 2 + 1] = tab;
    at = tab + 1;
  }
  let stopAt = to;
  for (let field = FIELDS - 1; field > FIELDS - 1 - FROM_METADATA; field--) {
    let tab = stopAt - 1;
    while (tab >= at && row[tab] !== TAB) tab--;
    if (tab < at) return false;
    bounds[field * 2] = tab + 1;
    bounds[field * 2 + 1] = stopAt;
    stopAt = tab;
  }
  bounds[BEFORE_DATA * 2] = at;
  bounds[BEFORE_DATA * 2 + 1] = stopAt;
  return true;
}

const start = (i: number) => bounds[i * 2];
const stop = (i: number) => bounds[i * 2 + 1];

/** Where hashed rows go: straight into a partition's columns, or (tests) into records. */
export interface HashedRowSink {
  /** A row the byte path read: its position and transaction id are plain integers (exact as numbers). */
  event(position: number, transactionId: number, streamId: string, streamVersion: number, eventId: string, storedHash: string, prevHash: string, computedHash: string): void;
  /** A row the text path read, or could not read (`problem` set). */
  record(record: EventRecord): void;
}

/** Hashes row[from, to) by the byte path into `sink`; false (nothing given to it) when it must take the text path. */
function hashRowBytes(row: Buffer, from: number, to: number, sink: HashedRowSink): boolean {
  if (!splitFields(row, from, to)) return false;
  const storedHex = byteaHexStart(row, start(10), stop(10));
  const prevHex = byteaHexStart(row, start(11), stop(11));
  if (storedHex < 0 || prevHex < 0) return false;
  if (!plainInteger(row, start(0), stop(0)) || !plainInteger(row, start(1), stop(1)) || !plainInteger(row, start(3), stop(3)) || !plainInteger(row, start(6), stop(6))) return false;
  if (!plainText(row, start(2), stop(2)) || !plainText(row, start(4), stop(4)) || !plainText(row, start(5), stop(5))) return false;
  // Room for the row and the member names around its values, once: the writes below then never grow it.
  writer.length = 0;
  writer.reserve(to - from + TEMPLATE_BYTES);
  put(DATA);
  if (!writeCanonicalJsonBytes(row, start(7), stop(7), writer)) return false;
  put(EVENT_ID);
  writer.copy(row, start(4), stop(4));
  put(METADATA);
  if (!writeCanonicalJsonBytes(row, start(8), stop(8), writer)) return false;
  put(PREV_HASH);
  writer.copy(row, prevHex, stop(11));
  put(RECORDED_AT);
  if (!writeIsoTimestamp(row, start(9), stop(9))) return false;
  put(SCHEMA_VERSION);
  writer.copy(row, start(6), stop(6));
  put(STREAM_ID);
  writer.copy(row, start(2), stop(2));
  put(STREAM_VERSION);
  writer.copy(row, start(3), stop(3));
  put(TYPE);
  writer.copy(row, start(5), stop(5));
  put(END);
  // Postgres prints bytea hex in lower case; the text path lower-cases what it reads, and the hashed prevHash
  // must be that: a hash in upper case (a hand-made copy) goes the text path.
  const prevHash = latin1(row, prevHex, stop(11));
  if (prevHash !== prevHash.toLowerCase()) return false;
  sink.event(
    digits(row, start(0), stop(0)),
    digits(row, start(1), stop(1)),
    row.toString('utf8', start(2), stop(2)),
    digits(row, start(3), stop(3)),
    latin1(row, start(4), stop(4)),
    latin1(row, storedHex, stop(10)).toLowerCase(),
    prevHash,
    hash('sha256', writer.bytes.subarray(0, writer.length), 'hex'),
  );
  return true;
}

/** Hashes the COPY row in row[from, to) (newline excluded) into `sink`; a row that cannot be read is kept, with its problem. */
export function hashCopyRow(row: Buffer, from: number, to: number, sink: HashedRowSink): void {
  if (!hashRowBytes(row, from, to, sink)) sink.record(hashCopyRows(row.toString('utf8', from, to))[0]);
}
