import { InvalidArgumentError } from '@berth/kit';

/** `--name value` / `--name=value` flags of one subcommand; unknown names are refused. */
export function parseFlags(args: string[], known: readonly string[]): Map<string, string> {
  const flags = new Map<string, string>();
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (!arg.startsWith('--'))
      throw new InvalidArgumentError(`unexpected argument "${arg}"`, { reason: 'BAD_FLAG' });
    const eq = arg.indexOf('=');
    const name = arg.slice(2, eq < 0 ? undefined : eq);
    if (!known.includes(name))
      throw new InvalidArgumentError(`unknown flag --${name}`, { reason: 'BAD_FLAG' });
    const value = eq < 0 ? args[++i] : arg.slice(eq + 1);
    if (value === undefined)
      throw new InvalidArgumentError(`flag --${name} needs a value`, { reason: 'BAD_FLAG' });
    flags.set(name, value);
  }
  return flags;
}

export function requiredFlag(flags: Map<string, string>, name: string): string {
  const value = flags.get(name);
  if (!value) throw new InvalidArgumentError(`flag --${name} is required`, { reason: 'BAD_FLAG' });
  return value;
}
