import type { HubctlCommand } from '../command';
import { asOfCommand } from './as-of.command';
import { exportCommand } from './export.command';
import { replayCommand } from './replay.command';
import { verifyCommand } from './verify.command';

/** Every hubctl subcommand, in the order `hubctl help` lists them. Add a command: one file, one line here. */
export const COMMANDS: HubctlCommand[] = [verifyCommand, exportCommand, replayCommand, asOfCommand];
