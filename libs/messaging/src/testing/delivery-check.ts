/** One delivered message, as read back from a topic. */
export interface Delivered {
  key: string | null;
  eventId: string;
  partition: number;
  offset: string;
}

export interface DeliveryReport {
  /** Event ids written but never delivered. */
  missing: string[];
  /** Streams whose first deliveries are not in the order written. */
  outOfOrder: string[];
  /** Re-deliveries (allowed: the relay is at-least-once; consumers dedupe by event id). */
  duplicates: number;
}

/**
 * Checks at-least-once, per-stream-ordered delivery: every written event arrived, and for each stream the
 * first arrival of each event follows the write order (a re-sent prefix after a crash is fine).
 */
export function checkDelivery(written: Map<string, string[]>, delivered: Delivered[]): DeliveryReport {
  const inOffsetOrder = [...delivered].sort((a, b) => a.partition - b.partition || Number(BigInt(a.offset) - BigInt(b.offset)));
  const firsts = new Map<string, string[]>();
  const seen = new Set<string>();
  let duplicates = 0;
  for (const m of inOffsetOrder) {
    if (m.key === null || !written.has(m.key)) continue;
    if (seen.has(m.eventId)) {
      duplicates++;
      continue;
    }
    seen.add(m.eventId);
    firsts.set(m.key, [...(firsts.get(m.key) ?? []), m.eventId]);
  }
  const missing = [...written.values()].flat().filter((id) => !seen.has(id));
  const outOfOrder = [...written].filter(([key, ids]) => {
    const got = firsts.get(key) ?? [];
    return got.some((id, i) => id !== ids.filter((x) => seen.has(x))[i]);
  }).map(([key]) => key);
  return { missing, outOfOrder, duplicates };
}
