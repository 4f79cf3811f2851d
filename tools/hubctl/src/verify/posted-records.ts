import type { EventRecord } from './event-row';

/**
 * Records as a hashing thread posts them: a column per field rather than an object per event. Structured
 * cloning writes every object's property names along with its values, and reading 200,000 objects back was the
 * main thread's largest cost after the COPY stream itself; columns of strings clone with none of that. A
 * recomputed hash equal to the stored one (nearly always) is not sent again: `mismatches` holds [index,
 * recomputed hash] for the others, `problems` [index, problem] for rows that could not be read.
 */
export interface PostedRecords {
  position: string[];
  transactionId: (string | undefined)[];
  streamId: string[];
  /** Float64, not Int32: an unreadable row's version may be NaN, and is reported as such. */
  streamVersion: Float64Array;
  eventId: string[];
  storedHash: string[];
  prevHash: string[];
  mismatches: [number, string][];
  problems: [number, string][];
}

export function toPosted(records: readonly EventRecord[]): PostedRecords {
  const posted: PostedRecords = { position: [], transactionId: [], streamId: [], streamVersion: new Float64Array(records.length), eventId: [], storedHash: [], prevHash: [], mismatches: [], problems: [] };
  for (let i = 0; i < records.length; i++) {
    const r = records[i];
    posted.position.push(r.position);
    posted.transactionId.push(r.transactionId);
    posted.streamId.push(r.streamId);
    posted.streamVersion[i] = r.streamVersion;
    posted.eventId.push(r.eventId);
    posted.storedHash.push(r.storedHash);
    posted.prevHash.push(r.prevHash);
    if (r.computedHash !== r.storedHash) posted.mismatches.push([i, r.computedHash]);
    if (r.problem !== undefined) posted.problems.push([i, r.problem]);
  }
  return posted;
}

export function fromPosted(p: PostedRecords): EventRecord[] {
  const records: EventRecord[] = [];
  for (let i = 0; i < p.position.length; i++) {
    const storedHash = p.storedHash[i];
    records.push({ position: p.position[i], transactionId: p.transactionId[i], streamId: p.streamId[i], streamVersion: p.streamVersion[i], eventId: p.eventId[i], storedHash, prevHash: p.prevHash[i], computedHash: storedHash });
  }
  for (const [i, computed] of p.mismatches) records[i].computedHash = computed;
  for (const [i, problem] of p.problems) records[i].problem = problem;
  return records;
}
