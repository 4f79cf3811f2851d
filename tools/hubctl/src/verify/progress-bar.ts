import { SingleBar, Presets } from 'cli-progress';
import type { CommandIo } from '../command';
import type { Progress } from './log-copy';

/** A progress bar on stderr when it is a terminal (stdout stays parseable); silent otherwise. */
export function progressBar(io: CommandIo, label: string): { update: Progress; stop(): void } {
  if (!io.interactive) return { update: () => undefined, stop: () => undefined };
  const bar = new SingleBar({ format: `${label} [{bar}] {percentage}% | {value}/{total} events | {eta_formatted} left`, stream: process.stderr, etaBuffer: 50 }, Presets.shades_classic);
  let started = false;
  return {
    update(done, total) {
      if (!started) {
        bar.start(Math.max(total ?? done, done), 0);
        started = true;
      }
      if (total !== undefined && total > bar.getTotal()) bar.setTotal(total);
      if (done > bar.getTotal()) bar.setTotal(done);
      bar.update(done);
    },
    stop: () => started && bar.stop(),
  };
}
