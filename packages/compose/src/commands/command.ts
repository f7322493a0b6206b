// What every compose command gets and provides.
import type { FlagSpec, ParsedFlags } from '../cli/flags';
import type { Engine } from '../engine/engine';
import type { ComposeProject } from '../model/types';

/** Where compose reads and writes; the `berth` CLI passes its own, tests pass theirs. */
export interface ComposeIo {
  stdout: NodeJS.WritableStream & { isTTY?: boolean; columns?: number; rows?: number };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  stdin: NodeJS.ReadableStream & { isTTY?: boolean; setRawMode?(raw: boolean): unknown };
  env: NodeJS.ProcessEnv;
}

export interface CommandContext {
  io: ComposeIo;
  out(text: string): void;
  /** Progress and status lines ("Container app-web-1  Started") go to stderr, as docker compose's. */
  err(text: string): void;
  /** Loads the project; `services` named on the command line override their profiles. */
  project(services?: string[]): ComposeProject;
  /**
   * For commands on what already runs (down, ps, logs, stop, ...): the project from its file or,
   * with `-p` and no file to be found, from the labels of its containers on the engine.
   */
  existingProject(services?: string[]): Promise<ComposeProject>;
  /** Connects on first use; closed when the command ends. */
  engine(): Engine;
  /** Aborted on SIGINT/SIGTERM while a long command (up, logs -f) runs. */
  signal: AbortSignal;
}

export interface CommandDefinition {
  name: string;
  usage: string;
  summary: string;
  flags: FlagSpec[];
  /** exec and run: flags end at the service name (the rest is the command). */
  stopAtFirstArg?: boolean;
  minArgs?: number;
  maxArgs?: number;
  run(ctx: CommandContext, flags: ParsedFlags, args: string[]): Promise<number | void>;
}
