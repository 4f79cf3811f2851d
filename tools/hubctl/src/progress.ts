import { Presets, SingleBar } from 'cli-progress';
import type { CommandIo } from './command';

/** A progress display: a bar on an interactive stderr, nothing otherwise (logs and pipes stay clean). */
export interface Progress {
  update(done: number): void;
  stop(): void;
}

export function startProgress(io: CommandIo, label: string, total: number): Progress {
  if (!io.interactive) return { update: () => undefined, stop: () => undefined };
  const bar = new SingleBar({ format: `${label} [{bar}] {percentage}% | {value}/{total} events | {duration_formatted}`, stream: process.stderr, hideCursor: true }, Presets.shades_classic);
  bar.start(Math.max(total, 1), 0);
  return {
    // Filters may pass over events, so `done` can exceed a total counted by type; grow the bar rather than overflow it.
    update: (done) => {
      if (done > bar.getTotal()) bar.setTotal(done);
      bar.update(done);
    },
    stop: () => bar.stop(),
  };
}
