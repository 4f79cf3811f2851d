/**
 * Timing helpers shared by the benchmarks. Throughput is measured over a fixed duration after a warm-up, so a
 * slow first call (JIT, connection set-up, plan caching) does not count, and repeated runs report the median.
 */

/** Runs `writers` concurrent loops of `once` for `durationMs`; returns units done per second (each call reports its units). */
export async function throughput(writers: number, durationMs: number, once: (writer: number) => Promise<number>): Promise<number> {
  const started = performance.now();
  const deadline = started + durationMs;
  let units = 0;
  await Promise.all(
    Array.from({ length: writers }, async (_, w) => {
      while (performance.now() < deadline) {
        // Not `units += await once(w)`: that reads `units` before the await and loses the other writers' counts.
        const done = await once(w);
        units += done;
      }
    }),
  );
  return units / ((performance.now() - started) / 1000);
}

/** The median of repeated measurements: robust to one run disturbed by a neighbour on the shared machine. */
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Seconds elapsed since `t0` (a performance.now() value). */
export const secondsSince = (t0: number) => (performance.now() - t0) / 1000;

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, Math.max(0, ms)));
