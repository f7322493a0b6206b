// A small docker-style flag parser: `--name value`, `--name=value`, `-n value`, grouped short
// booleans (`-dV`), repeatable flags, and `--` ending the flags.
import { UsageError } from '../errors';

export interface FlagSpec {
  name: string;
  short?: string;
  /** boolean takes no value; string keeps the last; list keeps every one. */
  kind: 'boolean' | 'string' | 'list';
  description: string;
}

export class ParsedFlags {
  constructor(private readonly values: Map<string, string[]>) {}

  boolean(name: string): boolean {
    return this.values.has(name);
  }

  string(name: string): string | undefined {
    return this.values.get(name)?.at(-1);
  }

  list(name: string): string[] {
    return this.values.get(name) ?? [];
  }

  /** A non-negative integer flag; `what` names the command for the error. */
  integer(name: string): number | undefined {
    const text = this.string(name);
    if (text === undefined) return undefined;
    if (!/^-?\d+$/.test(text))
      throw new UsageError(`invalid value "${text}" for --${name}: expected an integer`);
    return Number(text);
  }
}

export interface ParseResult {
  flags: ParsedFlags;
  args: string[];
}

/**
 * Parses `argv` against `specs`. With `stopAtFirstArg` (exec, run), everything after the first
 * positional argument is left as arguments: it is the command to run, with its own flags.
 */
export function parseFlags(
  specs: FlagSpec[],
  argv: readonly string[],
  command: string,
  stopAtFirstArg = false,
): ParseResult {
  const values = new Map<string, string[]>();
  const args: string[] = [];
  const byLong = new Map(specs.map((spec) => [spec.name, spec]));
  const byShort = new Map(specs.filter((spec) => spec.short).map((spec) => [spec.short as string, spec]));
  const add = (spec: FlagSpec, value: string) => {
    const list = values.get(spec.name) ?? [];
    list.push(value);
    values.set(spec.name, list);
  };
  const unknown = (flag: string) => new UsageError(`unknown flag ${flag} for "compose ${command}"`);
  for (let i = 0; i < argv.length; i++) {
    const word = argv[i];
    if (word === '--') {
      args.push(...argv.slice(i + 1));
      break;
    }
    if (!word.startsWith('-') || word === '-') {
      args.push(word);
      if (stopAtFirstArg) {
        args.push(...argv.slice(i + 1));
        break;
      }
      continue;
    }
    const takeValue = (spec: FlagSpec, inline: string | undefined, shown: string): void => {
      if (spec.kind === 'boolean') {
        if (inline !== undefined && inline !== 'true') {
          if (inline === 'false') values.delete(spec.name);
          else throw new UsageError(`flag ${shown} takes no value`);
        } else add(spec, 'true');
        return;
      }
      const value = inline ?? argv[++i];
      if (value === undefined) throw new UsageError(`flag ${shown} needs a value`);
      add(spec, value);
    };
    if (word.startsWith('--')) {
      const eq = word.indexOf('=');
      const name = word.slice(2, eq < 0 ? undefined : eq);
      const spec = byLong.get(name);
      if (!spec) throw unknown(`--${name}`);
      takeValue(spec, eq < 0 ? undefined : word.slice(eq + 1), `--${name}`);
      continue;
    }
    // Short flags: `-d`, `-f file`, `-ffile`, or grouped booleans `-dV`.
    for (let j = 1; j < word.length; j++) {
      const spec = byShort.get(word[j]);
      if (!spec) throw unknown(`-${word[j]}`);
      if (spec.kind === 'boolean') {
        add(spec, 'true');
        continue;
      }
      takeValue(spec, j + 1 < word.length ? word.slice(j + 1) : undefined, `-${word[j]}`);
      break;
    }
  }
  return { flags: new ParsedFlags(values), args };
}
