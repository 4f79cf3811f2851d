import type { HubctlCommand } from '../command';

/**
 * A subcommand as listed, its module loaded only when it is used: replay and as-of load Kafka, the projections
 * and every contract schema (compiled at load, a quarter of a second), which `verify`, the auditor's command
 * timed against a bare scan, need not pay for.
 */
export interface ListedCommand {
  name: string;
  /** One line for `hubctl help`. */
  summary: string;
  load(): Promise<HubctlCommand>;
}

/** Every hubctl subcommand, in the order `hubctl help` lists them. Add a command: one file, one entry here. */
export const COMMANDS: ListedCommand[] = [
  { name: 'verify', summary: 'verify a copy of an event log: chains, contiguity, audit sequence, signed Merkle checkpoints', load: async () => (await import('./verify.command')).verifyCommand },
  { name: 'export', summary: 'export an event log with its audit sequence and checkpoints to a JSONL file', load: async () => (await import('./export.command')).exportCommand },
  { name: 'replay', summary: 'rebuild a projection from an event store into a table, as of an instant or position', load: async () => (await import('./replay.command')).replayCommand },
  { name: 'as-of', summary: 'print what a projection said at an instant, from an event store or the Kafka topics', load: async () => (await import('./as-of.command')).asOfCommand },
];
