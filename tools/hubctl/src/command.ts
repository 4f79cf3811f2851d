import { readFile } from 'node:fs/promises';

/**
 * One hubctl subcommand. Each lives in its own file under `commands/` and is listed in `commands/index.ts`.
 * Exit codes are part of the contract, so scripts can act on them.
 */
export interface HubctlCommand {
  name: string;
  /** Usage text shown by `hubctl help <name>` and on a usage error. */
  usage: string;
  run(args: string[], io: CommandIo): Promise<ExitCode>;
}

export interface CommandIo {
  /** Results: what a script reads (stdout). */
  out(line: string): void;
  /** Progress and diagnostics (stderr), so stdout stays parseable. */
  err(line: string): void;
  /** Whether stderr is a terminal: progress bars only then. */
  interactive: boolean;
}

export const EXIT = {
  /** The check passed / the command did what was asked. */
  ok: 0,
  /** The log failed verification (tampering, gaps, a bad signature). */
  verificationFailed: 1,
  /** The command line was wrong. */
  usage: 2,
  /** The source could not be read (database or broker unreachable, file missing). */
  unavailable: 3,
} as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** A command-line mistake: reported with the command's usage and exit code 2. */
export class UsageError extends Error {}

/** A file named on the command line, as text; one that cannot be read is a usage mistake (exit 2). */
export async function readArgumentFile(file: string, what: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch {
    throw new UsageError(`cannot read ${what} ${file}`);
  }
}
