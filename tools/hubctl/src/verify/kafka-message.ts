import { hashRawEvent, type EventRecord } from './event-row';

/** A Kafka message as the relay wrote it: key = stream id, value = data, headers = the rest (all strings). */
export interface RelayedMessage {
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
  value: string;
  headers: Record<string, string | undefined>;
}

const REQUIRED = ['event-id', 'event-type', 'schema-version', 'stream-version', 'position', 'event-hash', 'prev-hash', 'recorded-at', 'event-metadata'];

/** Rebuilds and hashes the event a relayed message carries; a message missing integrity headers is unreadable. */
export function recordFromMessage(m: RelayedMessage): EventRecord {
  const h = m.headers;
  const named = { position: h.position ?? `${m.topic}/${m.partition}@${m.offset}`, streamId: m.key ?? '?', streamVersion: Number(h['stream-version']), eventId: h['event-id'] ?? '?' };
  const missing = REQUIRED.filter((name) => h[name] === undefined);
  const unreadable = (reason: string) => ({ ...named, storedHash: '', prevHash: '', computedHash: '', problem: `${m.topic}/${m.partition}@${m.offset}: ${reason}` });
  if (missing.length > 0 || m.key === null) return unreadable(`missing ${m.key === null ? 'key' : `headers ${missing.join(', ')}`}`);
  try {
    return hashRawEvent({
      ...named,
      type: h['event-type']!,
      schemaVersion: Number(h['schema-version']),
      data: JSON.parse(m.value),
      metadata: JSON.parse(h['event-metadata']!),
      recordedAt: h['recorded-at']!,
      storedHash: h['event-hash']!,
      prevHash: h['prev-hash']!,
    });
  } catch (err) {
    return unreadable((err as Error).message);
  }
}

/**
 * The relay publishes at least once, so a message may repeat after a crash: an exact repeat (same event id and
 * hash as one already seen) is dropped; anything else that reuses a version is left for the chain check to flag.
 */
export function dropRedeliveries(records: readonly EventRecord[]): EventRecord[] {
  const seen = new Set<string>();
  return records.filter((r) => {
    const id = `${r.eventId}/${r.storedHash}`;
    if (r.problem === undefined && seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}
