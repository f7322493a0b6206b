import { UsageError } from '../errors';
import type { FlagSpec } from './flag-spec';
import { ParsedFlags } from './parsed-flags';

export interface ParseOptions {
  /**
   * Whether flags may follow positional arguments. docker's `run`, `create` and `exec` stop
   * at the first positional (the image or container) so the container's command keeps its own
   * flags: `berth run busybox ls -l`.
   */
  interspersed: boolean;
  /** Command name for error messages. */
  command: string;
}

export interface ParseResult {
  flags: ParsedFlags;
  args: string[];
}

const BOOLEAN_VALUES: Record<string, boolean> = {
  true: true,
  '1': true,
  t: true,
  false: false,
  '0': false,
  f: false,
};

/**
 * Parses argv with docker's (pflag's) grammar: `--name value`, `--name=value`, `-p value`,
 * `-pvalue`, short clusters (`-it`, `-itp 80:80`), `--bool=false`, repeated list flags, and
 * `--` ending the flags. Values may start with a dash (`--stop-signal -1` is not ambiguous
 * because the flag needs a value). Node's util.parseArgs was not enough: it cannot stop at
 * the first positional, rejects `--rm=false` and values starting with '-'.
 */
export function parseFlags(
  specs: readonly FlagSpec[],
  argv: readonly string[],
  options: ParseOptions,
): ParseResult {
  const byLong = new Map(specs.map((spec) => [spec.name, spec]));
  const byShort = new Map(specs.filter((spec) => spec.short).map((spec) => [spec.short as string, spec]));
  const flags = new ParsedFlags(specs);
  const args: string[] = [];
  const usage = (message: string): UsageError => new UsageError(message, options.command);

  let i = 0;
  const takeValue = (display: string): string => {
    if (i + 1 >= argv.length) throw usage(`flag needs an argument: ${display}`);
    i += 1;
    return argv[i];
  };

  for (; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') {
      args.push(...argv.slice(i + 1));
      break;
    }
    if (arg.startsWith('--')) {
      const eq = arg.indexOf('=');
      const name = eq === -1 ? arg.slice(2) : arg.slice(2, eq);
      const inline = eq === -1 ? undefined : arg.slice(eq + 1);
      const spec = byLong.get(name);
      if (!spec) throw usage(`unknown flag: --${name}`);
      if (spec.kind === 'boolean') {
        flags.set(spec, inline === undefined ? true : parseBoolean(inline, `--${name}`, usage));
      } else {
        flags.set(spec, inline ?? takeValue(`--${name}`));
      }
      continue;
    }
    if (arg.startsWith('-') && arg.length > 1) {
      parseShortCluster(arg);
      continue;
    }
    if (!options.interspersed) {
      args.push(...argv.slice(i));
      break;
    }
    args.push(arg);
  }
  return { flags, args };

  function parseShortCluster(arg: string): void {
    for (let j = 1; j < arg.length; j++) {
      const letter = arg[j];
      const spec = byShort.get(letter);
      if (!spec) throw usage(`unknown shorthand flag: '${letter}' in ${arg}`);
      const rest = arg.slice(j + 1);
      if (spec.kind === 'boolean') {
        if (rest.startsWith('=')) {
          flags.set(spec, parseBoolean(rest.slice(1), `-${letter}`, usage));
          return;
        }
        flags.set(spec, true);
        continue;
      }
      // A value-taking shorthand ends the cluster: the rest of it (after an optional '=') is
      // the value, or else the next argument is.
      if (rest) flags.set(spec, rest.startsWith('=') ? rest.slice(1) : rest);
      else flags.set(spec, takeValue(`'${letter}' in -${letter}`));
      return;
    }
  }
}

function parseBoolean(value: string, display: string, usage: (message: string) => UsageError): boolean {
  const parsed = BOOLEAN_VALUES[value.toLowerCase()];
  if (parsed === undefined) throw usage(`invalid argument "${value}" for "${display}" flag: not a boolean`);
  return parsed;
}
