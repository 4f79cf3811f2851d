/**
 * canonicalJsonFromText over UTF-8 bytes, written into a reusable buffer: RFC 8785 of stored jsonb text without
 * decoding it into JS strings at all. A verifier runs this once per stored event; decoding, slicing and
 * concatenating strings (and collecting them) was most of its work.
 *
 * The same fast path with the same declines (backslashes, control characters, numbers other than plain integers
 * of at most 15 digits, duplicate names, anything that is not JSON), plus one: member names with a byte above
 * 0x7f. RFC 8785 orders names by UTF-16 code units; for ASCII that is byte order, which is how names are
 * compared here. Declined input leaves the writer's length where it was (what lies beyond may have changed)
 * and returns false; the caller then takes the text path. `canonical-json-bytes.unit.spec.ts` checks the bytes equal canonicalJson's UTF-8.
 */

/** A growable byte buffer, reused from one event to the next. */
export class ByteWriter {
  bytes = new Uint8Array(4096);
  length = 0;

  /** Room for `n` more bytes. */
  reserve(n: number): void {
    if (this.length + n <= this.bytes.length) return;
    const grown = new Uint8Array(Math.max(this.bytes.length * 2, this.length + n));
    grown.set(this.bytes.subarray(0, this.length));
    this.bytes = grown;
  }

  /** Appends src[from, to). A loop rather than set(subarray): most ranges are short and a view per copy costs more. */
  copy(src: Uint8Array, from: number, to: number): void {
    this.reserve(to - from);
    const bytes = this.bytes;
    let at = this.length;
    for (let i = from; i < to; i++) bytes[at++] = src[i];
    this.length = at;
  }

  byte(b: number): void {
    this.reserve(1);
    this.bytes[this.length++] = b;
  }
}

const SPACE = 0x20;
const QUOTE = 0x22;
const COMMA = 0x2c;
const MINUS = 0x2d;
const COLON = 0x3a;
const ZERO = 0x30;
const NINE = 0x39;
const BACKSLASH = 0x5c;
const TRUE = [0x74, 0x72, 0x75, 0x65];
const FALSE = [0x66, 0x61, 0x6c, 0x73, 0x65];
const NULL = [0x6e, 0x75, 0x6c, 0x6c];

/**
 * Two passes. The first reads the text into a tape of ranges, copying nothing: a scalar is [SCALAR, start, end];
 * an array [ARRAY, count, next] and its items; an object [OBJECT, count, next] and per member [name start, name
 * end] (quotes included) and the value; `next` is the tape index after the container, to step over it. The
 * second writes from the tape, each object's members in name order, so every byte is copied once, however deep.
 */
const SCALAR = 0;
const ARRAY = 1;
const OBJECT = 2;

/** What src and out point at between calls, so the caller's buffers are not kept alive. */
const NOTHING = new Uint8Array(0);
// The scanner's state: module-level rather than an object per call, this runs once per stored event.
let src: Uint8Array = NOTHING;
let pos = 0;
let end = 0;
let tape = new Int32Array(1024);
let used = 0;
/** Where the second pass writes: the writer's bytes, from `at` on. */
let out: Uint8Array = NOTHING;
let at = 0;
/** Members' tape indices while an object is written, a frame per open object (objects nest). */
let members = new Int32Array(256);
let membersTop = 0;

/** Writes the canonical form of the JSON text in bytes[from, to) to `writer`; false (nothing written) when declined. */
export function writeCanonicalJsonBytes(bytes: Uint8Array, from: number, to: number, writer: ByteWriter): boolean {
  // No backslash anywhere (so no escape in any string), found natively once rather than per byte.
  const backslash = bytes.indexOf(BACKSLASH, from);
  if (backslash >= 0 && backslash < to) return false;
  src = bytes;
  pos = from;
  end = to;
  used = 0;
  membersTop = 0;
  if (!value() || (skipSpaces(), pos !== end)) return done(false);
  // The canonical form is never longer than the text (it only drops spaces): room once, then plain stores.
  writer.reserve(to - from);
  out = writer.bytes;
  at = writer.length;
  if (write(0) < 0) return done(false);
  writer.length = at;
  return done(true);
}

function done(ok: boolean): boolean {
  src = NOTHING;
  out = NOTHING;
  return ok;
}

function skipSpaces(): void {
  while (pos < end && src[pos] === SPACE) pos++;
}

/** Appends slots to the tape; returns the index of the first. */
function push(a: number, b: number, c?: number): number {
  if (used + 3 > tape.length) {
    const grown = new Int32Array(tape.length * 2);
    grown.set(tape);
    tape = grown;
  }
  const at = used;
  tape[at] = a;
  tape[at + 1] = b;
  if (c === undefined) used += 2;
  else {
    tape[at + 2] = c;
    used += 3;
  }
  return at;
}

function value(): boolean {
  skipSpaces();
  if (pos >= end) return false;
  switch (src[pos]) {
    case 0x7b: // {
      return object();
    case 0x5b: // [
      return array();
    case QUOTE: {
      const start = pos;
      if (!string(false)) return false;
      push(SCALAR, start, pos);
      return true;
    }
    case 0x74:
      return literal(TRUE);
    case 0x66:
      return literal(FALSE);
    case 0x6e:
      return literal(NULL);
    default:
      return integer();
  }
}

function literal(word: readonly number[]): boolean {
  if (pos + word.length > end) return false;
  for (let i = 0; i < word.length; i++) if (src[pos + i] !== word[i]) return false;
  push(SCALAR, pos, pos + word.length);
  pos += word.length;
  return true;
}

const isDigit = (b: number) => b >= ZERO && b <= NINE;

/** As PLAIN_INTEGER of the text path: 0, or an optional minus and 1-15 digits without a leading zero; no fraction or exponent. */
function integer(): boolean {
  const start = pos;
  let p = pos;
  if (src[p] === MINUS) p++;
  if (p >= end || !isDigit(src[p])) return false;
  if (src[p] === ZERO) {
    if (p !== start) return false; // "-0" prints back as "0"
    p++;
  } else {
    const first = p;
    while (p < end && isDigit(src[p])) p++;
    if (p - first > 15) return false;
  }
  if (p < end && (isDigit(src[p]) || src[p] === 0x2e || src[p] === 0x65 || src[p] === 0x45)) return false; // more digits, ".", "e", "E"
  push(SCALAR, start, p);
  pos = p;
  return true;
}

/**
 * Steps over a string (there is no backslash: the next quote closes it). Control characters are declined (JSON
 * does not allow them raw); `name`: a member name, which must also be ASCII (see the file comment).
 */
function string(name: boolean): boolean {
  // A loop, not indexOf: strings are short, and Buffer's indexOf is a call into C++ each time.
  for (let i = pos + 1; i < end; i++) {
    const b = src[i];
    if (b === QUOTE) {
      pos = i + 1;
      return true;
    }
    if (b < 0x20 || (name && b > 0x7f)) return false;
  }
  return false;
}

function array(): boolean {
  const at = push(ARRAY, 0, 0);
  pos++;
  skipSpaces();
  let count = 0;
  if (pos < end && src[pos] === 0x5d) pos++;
  else {
    for (;;) {
      if (!value()) return false;
      count++;
      skipSpaces();
      const b = src[pos++];
      if (b === 0x5d) break;
      if (b !== COMMA || pos > end) return false;
    }
  }
  tape[at + 1] = count;
  tape[at + 2] = used;
  return true;
}

function object(): boolean {
  const at = push(OBJECT, 0, 0);
  pos++;
  skipSpaces();
  let count = 0;
  if (pos < end && src[pos] === 0x7d) pos++;
  else {
    for (;;) {
      skipSpaces();
      if (pos >= end || src[pos] !== QUOTE) return false;
      const nameStart = pos;
      if (!string(true)) return false;
      push(nameStart, pos); // the member's name, quotes included, then its value
      skipSpaces();
      if (src[pos++] !== COLON || pos > end) return false;
      if (!value()) return false;
      count++;
      skipSpaces();
      const b = src[pos++];
      if (b === 0x7d) break;
      if (b !== COMMA || pos > end) return false;
    }
  }
  tape[at + 1] = count;
  tape[at + 2] = used;
  return true;
}

/** The tape index after the value at `i`. */
const after = (i: number) => (tape[i] === SCALAR ? i + 3 : tape[i + 2]);

function emitRange(from: number, to: number): void {
  for (let i = from; i < to; i++) out[at++] = src[i];
}

/** Writes the value at tape index `i`; returns the index after it, or -1 on a duplicate member name. */
function write(i: number): number {
  switch (tape[i]) {
    case SCALAR:
      emitRange(tape[i + 1], tape[i + 2]);
      return i + 3;
    case ARRAY: {
      const count = tape[i + 1];
      out[at++] = 0x5b;
      let j = i + 3;
      for (let k = 0; k < count; k++) {
        if (k > 0) out[at++] = COMMA;
        j = write(j);
        if (j < 0) return -1;
      }
      out[at++] = 0x5d;
      return j;
    }
    default:
      return writeObject(i);
  }
}

function writeObject(i: number): number {
  const count = tape[i + 1];
  const frame = membersTop;
  if (members.length < frame + count) {
    const grown = new Int32Array((frame + count) * 2);
    grown.set(members);
    members = grown;
  }
  membersTop += count;
  const written = sortMembers(i, frame, count) && writeMembers(frame, count);
  membersTop = frame;
  return written ? tape[i + 2] : -1;
}

/** The object's members' tape indices into members[frame..], in name order (by insertion: objects are small); false on a duplicate name. */
function sortMembers(i: number, frame: number, count: number): boolean {
  let j = i + 3;
  for (let k = 0; k < count; k++) {
    let slot = frame + k;
    for (; slot > frame; slot--) {
      const order = compareNames(members[slot - 1], j);
      if (order === 0) return false; // an equal name is met before any smaller one
      if (order < 0) break;
      members[slot] = members[slot - 1];
    }
    members[slot] = j;
    j = after(j + 2);
  }
  return true;
}

function writeMembers(frame: number, count: number): boolean {
  out[at++] = 0x7b;
  for (let k = 0; k < count; k++) {
    if (k > 0) out[at++] = COMMA;
    const m = members[frame + k];
    emitRange(tape[m], tape[m + 1]);
    out[at++] = COLON;
    if (write(m + 2) < 0) return false;
  }
  out[at++] = 0x7d;
  return true;
}

/** Bytewise comparison of the names of the members at tape indices a and b (ASCII: the same as UTF-16 code units). */
function compareNames(a: number, b: number): number {
  // Names are kept with their quotes: compare what lies between them.
  const aStart = tape[a] + 1;
  const bStart = tape[b] + 1;
  const aLength = tape[a + 1] - 1 - aStart;
  const bLength = tape[b + 1] - 1 - bStart;
  const n = Math.min(aLength, bLength);
  for (let k = 0; k < n; k++) {
    const d = src[aStart + k] - src[bStart + k];
    if (d !== 0) return d;
  }
  return aLength - bLength;
}
