import { ZERO_HASH } from '@hub/event-store';
import { checkChains } from './chain-checks';
import type { HashedRowSink } from './copy-row-bytes';
import { exactNumber, type EventColumns } from './event-columns';
import type { EventRecord } from './event-row';
import type { Problem } from './problem';

const ZERO_HEX = ZERO_HASH.toString('hex');

/**
 * A partition's events, a column per field, filled as rows are hashed; `finish` checks the chains. No object per
 * event: 200,000 records kept alive to the end were most of what the collector copied.
 *
 * The chain check runs in two steps with the same outcome as checkChains over every record. Rows of a table
 * scan arrive nearly always in each stream's version order, so each event is first checked against the latest
 * one of its stream seen so far (version + 1, prev_hash = its hash, recomputed hash = stored); a stream where
 * that does not hold (out of order, a gap, a mismatch) is suspect, and only suspect streams are then checked
 * in full by checkChains, which sorts and names the first problem as it does for any source.
 */
export class PartitionColumns implements HashedRowSink {
  private readonly position: number[] = [];
  private readonly transactionId: number[] = [];
  private readonly streamVersion: number[] = [];
  private readonly storedHash: string[] = [];
  private readonly prevHash: string[] = [];
  private readonly streamId: string[] = [];
  private readonly eventId: string[] = [];
  /** Recomputed hashes that differ from the stored one, by index. */
  private readonly mismatches = new Map<number, string>();
  /** Positions that are not plain integers, as read (an unreadable row's), by index. */
  private readonly positionText = new Map<number, string>();
  /** Rows the text path could not read, by index: reported as such, and left out of the streams' chains. */
  private readonly unreadable = new Map<number, EventRecord>();

  get count(): number {
    return this.position.length;
  }

  event(position: number, transactionId: number, streamId: string, streamVersion: number, eventId: string, storedHash: string, prevHash: string, computedHash: string): void {
    if (computedHash !== storedHash) this.mismatches.set(this.position.length, computedHash);
    this.position.push(position);
    this.transactionId.push(transactionId);
    this.streamId.push(streamId);
    this.streamVersion.push(streamVersion);
    this.eventId.push(eventId);
    this.storedHash.push(storedHash);
    this.prevHash.push(prevHash);
  }

  record(r: EventRecord): void {
    const position = exactNumber(r.position);
    if (String(position) !== r.position) this.positionText.set(this.position.length, r.position);
    if (r.problem !== undefined) this.unreadable.set(this.position.length, r);
    this.event(position, r.transactionId === undefined ? 0 : exactNumber(r.transactionId), r.streamId, r.streamVersion, r.eventId, r.storedHash, r.prevHash, r.computedHash);
  }

  finish(): { columns: EventColumns; streams: number; problems: Problem[] } {
    const { suspect, streams } = this.suspectStreams();
    const recheck: EventRecord[] = [...this.unreadable.values()];
    if (suspect.size > 0) for (let k = 0; k < this.count; k++) if (suspect.has(this.streamId[k]) && !this.unreadable.has(k)) recheck.push(this.recordAt(k));
    const columns: EventColumns = {
      position: Float64Array.from(this.position),
      transactionId: Float64Array.from(this.transactionId),
      streamVersion: Float64Array.from(this.streamVersion),
      storedHash: this.storedHash,
      streamId: this.streamId,
      eventId: this.eventId,
    };
    return { columns, streams, problems: checkChains(recheck).problems };
  }

  /** Streams whose events did not each follow the previous one seen (see the class comment), and how many streams there are. */
  private suspectStreams(): { suspect: Set<string>; streams: number } {
    const latest = new Map<string, number>();
    const suspect = new Set<string>();
    for (let k = 0; k < this.count; k++) {
      if (this.unreadable.has(k)) continue;
      const stream = this.streamId[k];
      const before = latest.get(stream);
      const follows =
        before === undefined
          ? this.streamVersion[k] === 1 && this.prevHash[k] === ZERO_HEX
          : this.streamVersion[k] === this.streamVersion[before] + 1 && this.prevHash[k] === this.storedHash[before];
      if (!follows || this.mismatches.has(k)) suspect.add(stream);
      latest.set(stream, k);
    }
    return { suspect, streams: latest.size };
  }

  private recordAt(k: number): EventRecord {
    return {
      position: this.positionText.get(k) ?? String(this.position[k]),
      transactionId: String(this.transactionId[k]),
      streamId: this.streamId[k],
      streamVersion: this.streamVersion[k],
      eventId: this.eventId[k],
      storedHash: this.storedHash[k],
      prevHash: this.prevHash[k],
      computedHash: this.mismatches.get(k) ?? this.storedHash[k],
    };
  }
}
