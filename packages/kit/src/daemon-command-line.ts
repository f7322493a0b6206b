import { parseArgs } from 'node:util';
import { loadConfig, type LoadedConfig } from './config/load';
import { configFlagName, type ConfigSchema } from './config/schema';
import { formatCliError } from './errors/cli';
import { componentPaths, type ComponentPaths, type PathOverrides } from './paths';

export interface DaemonCommandLineOptions<S extends ConfigSchema> {
  /** The executable's name, for messages: "berth-images". */
  binary: string;
  /** The component: picks paths, environment variables and /etc/berth/<component>.json. */
  component: string;
  schema: S;
  /** What --help prints (and a flag error follows with). */
  usage: string;
  version: string;
  argv: readonly string[];
  stdout?: NodeJS.WritableStream;
  stderr?: NodeJS.WritableStream;
}

/** Either what the daemon runs with, or the exit code when there is nothing to run. */
export type DaemonCommandLine<S extends ConfigSchema> =
  { exitCode: number } | { config: LoadedConfig<S>; paths: ComponentPaths };

type FlagSpec = { type: 'string' | 'boolean'; multiple?: boolean };

function flagSpecs(schema: ConfigSchema): Record<string, FlagSpec> {
  const specs: Record<string, FlagSpec> = {
    config: { type: 'string' },
    root: { type: 'string' },
    run: { type: 'string' },
    socket: { type: 'string' },
    help: { type: 'boolean' },
    version: { type: 'boolean' },
  };
  // Numbers stay strings here: the config loader parses and checks them by the schema.
  for (const [key, spec] of Object.entries(schema)) {
    specs[configFlagName(key).slice(2)] = {
      type: spec.type === 'boolean' ? 'boolean' : 'string',
      ...(spec.type === 'string[]' ? { multiple: true } : {}),
    };
  }
  return specs;
}

/**
 * The command line every Berth daemon shares: `--config --root --run --socket --help
 * --version` plus one flag per config key, then the config (defaults < file < env < flags)
 * and the component's paths. Prints help, the version or a one-line error itself: a bad flag
 * exits 2, a bad config 1.
 */
export async function readDaemonCommandLine<S extends ConfigSchema>(
  options: DaemonCommandLineOptions<S>,
): Promise<DaemonCommandLine<S>> {
  const stdout = options.stdout ?? process.stdout;
  const stderr = options.stderr ?? process.stderr;
  let flags: Record<string, unknown>;
  try {
    flags = parseArgs({
      args: [...options.argv],
      options: flagSpecs(options.schema),
      strict: true,
      allowPositionals: false,
    }).values;
  } catch (error) {
    stderr.write(`${formatCliError(options.binary, error)}\n${options.usage}\n`);
    return { exitCode: 2 };
  }
  if (flags.help) {
    stdout.write(`${options.usage}\n`);
    return { exitCode: 0 };
  }
  if (flags.version) {
    stdout.write(`${options.binary} ${options.version}\n`);
    return { exitCode: 0 };
  }
  const text = (name: string) => (typeof flags[name] === 'string' ? (flags[name] as string) : undefined);
  try {
    const fromFlags: Record<string, unknown> = {};
    for (const key of Object.keys(options.schema)) fromFlags[key] = flags[configFlagName(key).slice(2)];
    const file = text('config');
    const config = await loadConfig({
      component: options.component,
      schema: options.schema,
      ...(file !== undefined ? { file } : {}),
      defaultFile: `/etc/berth/${options.component}.json`,
      flags: fromFlags as { [K in keyof S]?: unknown },
    });
    const overrides: PathOverrides = {};
    for (const name of ['root', 'run', 'socket'] as const) {
      const value = text(name);
      if (value !== undefined) overrides[name] = value;
    }
    return { config, paths: componentPaths(options.component, overrides) };
  } catch (error) {
    stderr.write(`${formatCliError(options.binary, error)}\n`);
    return { exitCode: 1 };
  }
}
