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
  run(args: ParsedArgs, ctx: CommandContext): Promise<number>;
}
