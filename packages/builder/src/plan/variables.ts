// Build-time variables with docker's scoping: global ARGs (before the first FROM) are visible
// only to FROM lines unless a stage declares them again; a stage sees the ARGs it declared
// (value from --build-arg, else the default, else the global value) and its ENV, ENV winning
// over an ARG of the same name. Automatic platform args (TARGETARCH...) behave like globals.

import { ShellLexer, SubstitutionError } from '../dockerfile/shell-lexer';

export class ExpansionError extends Error {}

export type Env = ReadonlyArray<string>;

export function envLookup(env: Env, name: string): string | undefined {
  for (let i = env.length - 1; i >= 0; i--) {
    const eq = env[i].indexOf('=');
    if (env[i].slice(0, eq) === name) return env[i].slice(eq + 1);
  }
  return undefined;
}

/** Returns `env` with `name` set (replacing an earlier value, keeping its position). */
export function envSet(env: Env, name: string, value: string): string[] {
  const index = env.findIndex((entry) => entry.slice(0, entry.indexOf('=')) === name);
  const next = [...env];
  if (index < 0) next.push(`${name}=${value}`);
  else next[index] = `${name}=${value}`;
  return next;
}

export class Variables {
  constructor(
    private readonly escape: string,
    /** --build-arg values from the user. */
    readonly buildArgs: Readonly<Record<string, string>>,
    /** Global ARG values after --build-arg, plus automatic platform args. */
    readonly globals: ReadonlyMap<string, string | undefined>,
    /** ARGs declared in this stage so far, with their values. */
    readonly args: ReadonlyMap<string, string | undefined> = new Map(),
    readonly env: Env = [],
  ) {}

  lookup(name: string): string | undefined {
    return envLookup(this.env, name) ?? this.args.get(name);
  }

  /** Expands one word (quotes removed, whitespace kept). */
  word(text: string): string {
    return this.wrap(() => new ShellLexer(this.escape, (name) => this.lookup(name)).processWord(text));
  }

  /** Expands `$VAR` in a heredoc body, quotes left alone. */
  heredoc(text: string): string {
    return this.wrap(() => new ShellLexer(this.escape, (name) => this.lookup(name)).processHeredoc(text));
  }

  /** Expands and splits into words like a shell would. */
  words(text: string): string[] {
    return this.wrap(() => new ShellLexer(this.escape, (name) => this.lookup(name)).processWords(text));
  }

  /** The variables for a new stage on an image whose config has `env`. */
  forStage(env: Env): Variables {
    return new Variables(this.escape, this.buildArgs, this.globals, new Map(), env);
  }

  /** `ARG name[=default]` inside a stage. */
  declare(name: string, defaultValue: string | undefined): Variables {
    const args = new Map(this.args);
    const value =
      this.buildArgs[name] ?? (defaultValue === undefined ? this.globals.get(name) : this.word(defaultValue));
    args.set(name, value);
    return new Variables(this.escape, this.buildArgs, this.globals, args, this.env);
  }

  withEnv(env: Env): Variables {
    return new Variables(this.escape, this.buildArgs, this.globals, this.args, env);
  }

  /** Declared args that are set, as KEY=value, for RUN's environment (ENV overrides them). */
  runEnvironment(): string[] {
    let env = [...this.env];
    for (const [name, value] of this.args) {
      if (value !== undefined && envLookup(this.env, name) === undefined) env = envSet(env, name, value);
    }
    return env;
  }

  /** Declared args with values, sorted, for cache keys. */
  declaredArgs(): Array<[string, string | undefined]> {
    return [...this.args.entries()].sort(([a], [b]) => a.localeCompare(b));
  }

  private wrap<T>(expand: () => T): T {
    try {
      return expand();
    } catch (error) {
      if (error instanceof SubstitutionError) throw new ExpansionError(error.message);
      throw error;
    }
  }
}

/** Global scope: global ARG declarations with --build-arg overrides and platform args. */
export function globalVariables(
  escape: string,
  buildArgs: Readonly<Record<string, string>>,
  declarations: ReadonlyArray<{ name: string; defaultValue?: string }>,
  platformArgs: Readonly<Record<string, string>>,
): Variables {
  let scope = new Variables(escape, buildArgs, new Map(Object.entries(platformArgs)));
  for (const { name, defaultValue } of declarations) scope = scope.declare(name, defaultValue);
  const globals = new Map([...Object.entries(platformArgs), ...scope.args]);
  return new Variables(escape, buildArgs, globals, globals);
}
