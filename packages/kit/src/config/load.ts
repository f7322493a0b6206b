import { readJsonFile } from '../atomic';
import { BerthError, InvalidArgumentError, NotFoundError } from '../errors/classes';
import { checkTyped, parseText, type Checked } from './values';
import { configEnvName, configFlagName, type ConfigSchema, type ConfigValues } from './schema';

export type ConfigSource = 'default' | 'file' | 'env' | 'flag';

export interface LoadConfigOptions<S extends ConfigSchema> {
  /** Component name: picks the environment variables (BERTH_<COMPONENT>_<KEY>). */
  component: string;
  schema: S;
  /** A config file the user named (--config): it must exist. */
  file?: string;
  /** The usual location (/etc/berth/<component>.json), read only if it exists; `file` wins. */
  defaultFile?: string;
  /** Environment; process.env by default. */
  env?: NodeJS.ProcessEnv;
  /** Values from the command line, by schema key; undefined means "not given". Strings are parsed. */
  flags?: { [K in keyof S]?: unknown };
}

export interface LoadedConfig<S extends ConfigSchema> {
  values: ConfigValues<S>;
  /** Where each value came from, for a start-up log line. */
  sources: Record<keyof S, ConfigSource>;
  /** The file that was read, if any. */
  file?: string;
}

function configError(where: string, problem: string, key?: string): InvalidArgumentError {
  return new InvalidArgumentError(`${where}: ${problem}`, {
    reason: 'CONFIG_INVALID',
    details: key === undefined ? { where } : { where, key },
  });
}

function distance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(
        previous[j]! + 1,
        current[j - 1]! + 1,
        previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    }
    previous = current;
  }
  return previous[b.length]!;
}

function suggestion(unknown: string, keys: string[]): string {
  const close = keys.find((key) => distance(unknown.toLowerCase(), key.toLowerCase()) <= 2);
  return close ? ` (did you mean "${close}"?)` : '';
}

async function readFileValues(path: string, required: boolean): Promise<Record<string, unknown> | undefined> {
  let parsed: unknown;
  try {
    parsed = await readJsonFile(path);
  } catch (err) {
    if (!(err instanceof BerthError)) throw err; // e.g. EACCES: its message names the file
    if (err.code !== 'NotFound') {
      throw new InvalidArgumentError(`config ${err.message}`, {
        ...(err.reason ? { reason: err.reason } : {}),
        details: { where: `config ${path}` },
        cause: err,
      });
    }
    if (!required) return undefined;
    throw new NotFoundError(`config ${path} does not exist`, {
      reason: 'CONFIG_NOT_FOUND',
      details: { where: `config ${path}` },
    });
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw configError(`config ${path}`, 'must be a JSON object');
  }
  return parsed as Record<string, unknown>;
}

/**
 * Loads a component's configuration: schema defaults < config file < environment < flags.
 * Every value is checked against the schema; unknown keys in the file, wrong types and values
 * outside `choices` are InvalidArgumentErrors naming the file, variable or flag, and the key.
 */
export async function loadConfig<S extends ConfigSchema>(
  options: LoadConfigOptions<S>,
): Promise<LoadedConfig<S>> {
  const { schema, component } = options;
  const env = options.env ?? process.env;
  const keys = Object.keys(schema);
  const values: Record<string, unknown> = {};
  const sources: Record<string, ConfigSource> = {};
  const set = (key: string, checked: Checked, where: string, source: ConfigSource) => {
    if (!checked.ok) throw configError(where, checked.problem, key);
    values[key] = checked.value;
    sources[key] = source;
  };

  for (const key of keys) {
    const spec = schema[key]!;
    values[key] = Array.isArray(spec.default) ? [...spec.default] : spec.default;
    sources[key] = 'default';
  }

  const path = options.file ?? options.defaultFile;
  const fileValues = path === undefined ? undefined : await readFileValues(path, options.file !== undefined);
  for (const [key, value] of Object.entries(fileValues ?? {})) {
    const spec = schema[key];
    if (!Object.hasOwn(schema, key) || !spec) {
      throw configError(`config ${path}`, `unknown key "${key}"${suggestion(key, keys)}`, key);
    }
    set(key, checkTyped(spec, value), `config ${path}: key "${key}"`, 'file');
  }

  for (const key of keys) {
    const name = configEnvName(component, key);
    const text = env[name];
    if (text !== undefined && text !== '')
      set(key, parseText(schema[key]!, text), `environment ${name}`, 'env');
  }

  for (const [key, value] of Object.entries(options.flags ?? {})) {
    if (value === undefined) continue;
    const spec = schema[key];
    if (!Object.hasOwn(schema, key) || !spec) throw configError('flags', `unknown key "${key}"`, key);
    const checked = typeof value === 'string' ? parseText(spec, value) : checkTyped(spec, value);
    set(key, checked, `flag ${configFlagName(key)}`, 'flag');
  }

  const loaded: LoadedConfig<S> = {
    values: values as ConfigValues<S>,
    sources: sources as Record<keyof S, ConfigSource>,
  };
  if (fileValues !== undefined && path !== undefined) loaded.file = path;
  return loaded;
}
