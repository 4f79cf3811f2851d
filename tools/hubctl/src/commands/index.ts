import type { HubctlCommand } from '../command';
import { asOfCommand } from './as-of.command';
import { replayCommand } from './replay.command';

/** Every hubctl subcommand, in the order `hubctl help` lists them. Add a command: one file, one line here. */
export const COMMANDS: HubctlCommand[] = [replayCommand, asOfCommand];
