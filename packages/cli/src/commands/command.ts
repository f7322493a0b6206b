import type { FlagSpec } from '../args/flag-spec';
import type { ParsedFlags } from '../args/parsed-flags';
import type { Engine } from '../engine/engine';

/** Where a command reads and writes; tests pass their own streams. */
export interface CliIo {
  stdout: NodeJS.WritableStream & { isTTY?: boolean; columns?: number; rows?: number };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  stdin: NodeJS.ReadableStream & { isTTY?: boolean; setRawMode?: (raw: boolean) => unknown };
  env: NodeJS.ProcessEnv;
}

/** What a running command gets besides its flags and arguments. */
export interface CommandContext {
  io: CliIo;
  /** The command as typed, for error lines: "run", "network create". */
  name: string;
  /** Connects on first use; the connection closes when the command ends. */
  engine(): Promise<Engine>;
  /** The current time (a parameter so tests of "3 minutes ago" do not race the clock). */
  now(): Date;
  /** Write to stdout / stderr. */
  out(text: string): void;
  err(text: string): void;
  debug: boolean;
}

/** One command: its help, its flags (docker's names) and what it does. */
export interface CommandDefinition {
  /** Arguments part of the usage line: "[OPTIONS] IMAGE [COMMAND] [ARG...]". */
  usage: string;
  summary: string;
  flags: FlagSpec[];
  /** False for run/create/exec: flags end at the first positional (the image or container). */
  interspersed?: boolean;
  /** Take every word as an argument, flags included (the completion helper reads a command line). */
  rawArgs?: boolean;
  minArgs?: number;
  maxArgs?: number;
  /** Returns the exit code (0 when omitted). */
  run(ctx: CommandContext, flags: ParsedFlags, args: string[]): Promise<number | void>;
}
