// Typed Dockerfile instructions as parsed, before variable substitution: words that docker
// expands are kept raw (quotes included) so the planner can expand them with the ARG/ENV values
// in scope at that point of the build.

import type { Heredoc } from './heredoc';

/** `["a","b"]` (exec form) or a command line run through the image's shell. */
export type CommandForm = { form: 'exec'; args: string[] } | { form: 'shell'; command: string };

interface Base {
  line: number;
  /** The instruction as written, for history entries and cache keys. */
  original: string;
}

export interface FromInstruction extends Base {
  kind: 'FROM';
  image: string;
  stageName?: string;
  platform?: string;
}

export interface RunInstruction extends Base {
  kind: 'RUN';
  command: CommandForm;
  network?: 'none' | 'default' | 'host';
  heredocs: Heredoc[];
}

export interface CommandInstruction extends Base {
  kind: 'CMD' | 'ENTRYPOINT';
  command: CommandForm;
}

export interface KeyValueInstruction extends Base {
  kind: 'ENV' | 'LABEL';
  /** Raw [key, value] words, expanded in order (later pairs see earlier ones only for ENV). */
  pairs: Array<[string, string]>;
}

export interface ArgInstruction extends Base {
  kind: 'ARG';
  args: Array<{ name: string; defaultValue?: string }>;
}

/** Instructions whose arguments are one raw string expanded as one word. */
export interface SingleValueInstruction extends Base {
  kind: 'WORKDIR' | 'USER' | 'STOPSIGNAL' | 'MAINTAINER';
  value: string;
}

export interface ListInstruction extends Base {
  kind: 'EXPOSE' | 'VOLUME';
  values: string[];
}

export interface CopyInstruction extends Base {
  kind: 'COPY' | 'ADD';
  sources: string[];
  dest: string;
  from?: string;
  chown?: string;
  chmod?: string;
  checksum?: string;
  heredocs: Heredoc[];
}

export interface HealthcheckInstruction extends Base {
  kind: 'HEALTHCHECK';
  /** Absent for `HEALTHCHECK NONE`. */
  test?: CommandForm;
  intervalNs?: number;
  timeoutNs?: number;
  startPeriodNs?: number;
  startIntervalNs?: number;
  retries?: number;
}

export interface ShellInstruction extends Base {
  kind: 'SHELL';
  shell: string[];
}

export interface OnbuildInstruction extends Base {
  kind: 'ONBUILD';
  /** The trigger text stored in the image config, e.g. `COPY . /app`. */
  trigger: string;
}

export type Instruction =
  | FromInstruction
  | RunInstruction
  | CommandInstruction
  | KeyValueInstruction
  | ArgInstruction
  | SingleValueInstruction
  | ListInstruction
  | CopyInstruction
  | HealthcheckInstruction
  | ShellInstruction
  | OnbuildInstruction;

export type InstructionKind = Instruction['kind'];
