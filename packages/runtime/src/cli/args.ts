import { InvalidConfigError } from '../errors';

export type FlagKind = 'bool' | 'string' | 'list';

export interface FlagSpec {
  kind: FlagKind;
  /** Other spellings (e.g. "b" for "bundle"). */
  aliases?: string[];
}

export type FlagSpecs = Record<string, FlagSpec>;

export interface ParsedArgs {
  flags: Map<string, string | boolean | string[]>;
  positional: string[];
}

/**
 * Flags as runc's CLI library reads them: "-f", "--flag", "--flag=value" or "--flag value",
 * parsing stopping at the first positional argument or "--".
 */
export function parseArgs(argv: readonly string[], specs: FlagSpecs, command: string): ParsedArgs {
  const byName = new Map<string, [string, FlagSpec]>();
  for (const [name, spec] of Object.entries(specs)) {
    byName.set(name, [name, spec]);
    for (const alias of spec.aliases ?? []) byName.set(alias, [name, spec]);
  }
  const flags = new Map<string, string | boolean | string[]>();
  let i = 0;
  for (; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') {
      i++;
      break;
    }
    if (!arg.startsWith('-') || arg === '-') break;
    const body = arg.replace(/^--?/, '');
    const eq = body.indexOf('=');
    const key = eq >= 0 ? body.slice(0, eq) : body;
    const entry = byName.get(key);
    if (!entry) throw new InvalidConfigError(`${command}: flag provided but not defined: -${key}`);
    const [name, spec] = entry;
    if (spec.kind === 'bool') {
      flags.set(name, eq >= 0 ? body.slice(eq + 1) !== 'false' : true);
      continue;
    }
    let value: string;
    if (eq >= 0) value = body.slice(eq + 1);
    else if (i + 1 < argv.length) value = argv[++i];
    else throw new InvalidConfigError(`${command}: flag needs an argument: -${key}`);
    if (spec.kind === 'list') flags.set(name, [...((flags.get(name) as string[] | undefined) ?? []), value]);
    else flags.set(name, value);
  }
  return { flags, positional: argv.slice(i) };
}

export function stringFlag(args: ParsedArgs, name: string): string | undefined {
  const v = args.flags.get(name);
  return typeof v === 'string' ? v : undefined;
}

export function boolFlag(args: ParsedArgs, name: string): boolean {
  return args.flags.get(name) === true;
}

export function listFlag(args: ParsedArgs, name: string): string[] {
  const v = args.flags.get(name);
  return Array.isArray(v) ? v : [];
}

export function intFlag(args: ParsedArgs, name: string, fallback: number): number {
  const v = stringFlag(args, name);
  if (v === undefined) return fallback;
  if (!/^\d+$/.test(v))
    throw new InvalidConfigError(`invalid value "${v}" for flag -${name}: must be a non-negative integer`);
  return Number(v);
}

/** The single container id a command takes; runc's wording when it is missing. */
export function containerId(args: ParsedArgs, command: string, extra = 0): string {
  const max = 1 + extra;
  if (args.positional.length < 1)
    throw new InvalidConfigError(`"${command}" requires a minimum of 1 argument`);
  if (extra === 0 && args.positional.length > max)
    throw new InvalidConfigError(`"${command}" requires exactly 1 argument`);
  return args.positional[0];
}
