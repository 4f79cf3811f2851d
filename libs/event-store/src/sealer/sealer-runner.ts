import { createSealer, type SealerOptions } from './sealer';

/** The minimal logger the runner needs (pino's shape), so the event store does not depend on a logging library. */
export interface SealerLogger {
  debug(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface RunningSealer {
  /** Seals everything committed so far; resolves with the number of checkpoints written. */
  drain(): Promise<number>;
  /** Stops after the batch in hand (its transaction commits or rolls back; nothing is half-sealed). */
  stop(): Promise<void>;
}

/** Runs a sealer in the background, polling for newly committed events, until stopped. */
export function startSealer(options: SealerOptions & { logger: SealerLogger; pollIntervalMs?: number }): RunningSealer {
  const sealer = createSealer(options);
  const pollIntervalMs = options.pollIntervalMs ?? 500;
  let stopped = false;
  let queue: Promise<unknown> = Promise.resolve();
  let wake: (() => void) | undefined;

  /** A full pass that starts after any pass in flight, so it sees everything committed before the call. */
  function drain(): Promise<number> {
    const pass = queue.then(() => sealer.sealAll()).then((written) => written.length);
    queue = pass.catch(() => undefined);
    return pass;
  }

  const loop = (async () => {
    while (!stopped) {
      try {
        const n = await drain();
        if (n > 0) options.logger.debug({ log: options.log, checkpoints: n }, 'sealer signed checkpoints');
      } catch (err) {
        options.logger.error({ log: options.log, err }, 'sealer failed; retrying');
      }
      await new Promise<void>((resolve) => {
        wake = resolve;
        setTimeout(resolve, pollIntervalMs);
      });
    }
  })();

  return {
    drain,
    async stop() {
      stopped = true;
      wake?.();
      await loop;
    },
  };
}
