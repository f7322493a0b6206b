import type { Runtime } from '../runtime';
import type { FlagSpecs, ParsedArgs } from './args';
import type { CliLog } from './cli-log';

export interface GlobalOptions {
  root: string;
  systemdCgroup: boolean;
  rootless: boolean;
}

export interface CommandContext {
  globals: GlobalOptions;
  log: CliLog;
  /** The library instance for --root (made on first use). */
  runtime(): Runtime;
}

/** One subcommand: its flags, help text and action; returns the process exit code. */
export interface Command {
  usage: string;
  summary: string;
  flags: FlagSpecs;
  /** Work that may start before the runtime loads (create and run start their helper). */
  prepare?(args: ParsedArgs): void;
  run(args: ParsedArgs, ctx: CommandContext): Promise<number>;
}
