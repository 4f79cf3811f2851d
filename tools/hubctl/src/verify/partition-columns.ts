import { ZERO_HASH } from '@hub/event-store';
import { checkChains } from './chain-checks';
import type { HashedRowSink } from './copy-row-bytes';
import { exactNumber, type EventColumns } from './event-columns';
import type { EventRecord } from './event-row';
import type { Problem } from './problem';

const ZERO_HEX = ZERO_HASH.toString('hex');

/**
 * A partition's events, a column per field, filled as rows are hashed; `finish` completes the chain check. No object per
 * event: 200,000 records kept alive to the end were most of what the collector copied.
 *
 * The chain check runs in two steps with the same outcome as checkChains over every record. Rows of a table
 * scan arrive nearly always in each stream's version order, so each event is checked as it arrives against the latest
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
  /** Each stream's latest event so far, by index, and the streams where an event did not follow it. */
  private readonly latest = new Map<string, number>();
  private readonly suspect = new Set<string>();

  get count(): number {
    return this.position.length;
  }

  /**
   * Checked against its stream's latest event as it arrives. Where it follows, its stream id and prev_hash are
   * that event's own strings (the same text): the ones just read die young instead of being kept to the end.
   */
  event(position: number, transactionId: number, streamId: string, streamVersion: number, eventId: string, storedHash: string, prevHash: string, computedHash: string): void {
    const k = this.count;
    const before = this.latest.get(streamId);
    const follows =
      before === undefined ? streamVersion === 1 && prevHash === ZERO_HEX : streamVersion === this.streamVersion[before] + 1 && prevHash === this.storedHash[before];
    if (!follows || computedHash !== storedHash) this.suspect.add(streamId);
    this.latest.set(streamId, k);
    const shared = before !== undefined && follows;
    this.push(position, transactionId, before === undefined ? streamId : this.streamId[before], streamVersion, eventId, storedHash, shared ? this.storedHash[before] : prevHash);
    if (computedHash !== storedHash) this.mismatches.set(k, computedHash);
  }

  record(r: EventRecord): void {
    const position = exactNumber(r.position);
    if (String(position) !== r.position) this.positionText.set(this.count, r.position);
    const transactionId = r.transactionId === undefined ? 0 : exactNumber(r.transactionId);
    if (r.problem === undefined) {
      this.event(position, transactionId, r.streamId, r.streamVersion, r.eventId, r.storedHash, r.prevHash, r.computedHash);
      return;
    }
    this.unreadable.set(this.count, r);
    this.push(position, transactionId, r.streamId, r.streamVersion, r.eventId, r.storedHash, r.prevHash);
  }

  private push(position: number, transactionId: number, streamId: string, streamVersion: number, eventId: string, storedHash: string, prevHash: string): void {
    this.position.push(position);
    this.transactionId.push(transactionId);
    this.streamId.push(streamId);
    this.streamVersion.push(streamVersion);
    this.eventId.push(eventId);
    this.storedHash.push(storedHash);
    this.prevHash.push(prevHash);
  }

  finish(): { columns: EventColumns; streams: number; problems: Problem[] } {
    const recheck: EventRecord[] = [...this.unreadable.values()];
    if (this.suspect.size > 0) for (let k = 0; k < this.count; k++) if (this.suspect.has(this.streamId[k]) && !this.unreadable.has(k)) recheck.push(this.recordAt(k));
    const columns: EventColumns = {
      position: Float64Array.from(this.position),
      transactionId: Float64Array.from(this.transactionId),
      streamVersion: Float64Array.from(this.streamVersion),
      storedHash: this.storedHash,
      streamId: this.streamId,
      eventId: this.eventId,
    };
    return { columns, streams: this.latest.size, problems: checkChains(recheck).problems };
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
