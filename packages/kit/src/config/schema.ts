/** The kinds of value a config key can hold. */
export type ConfigType = 'string' | 'number' | 'integer' | 'boolean' | 'string[]';

export type ConfigValueOf<T extends ConfigType> = T extends 'string'
  ? string
  : T extends 'number' | 'integer'
    ? number
    : T extends 'boolean'
      ? boolean
      : string[];

/** One key of a component's configuration. */
export interface ConfigKeySpec<T extends ConfigType = ConfigType> {
  type: T;
  default: ConfigValueOf<T>;
  /** One line for --help and the README. */
  description: string;
  /** For strings: the only values allowed. */
  choices?: readonly string[];
}

/** Keys are camelCase; the file uses them as they are, env and flags derive their names. */
export type ConfigSchema = Record<string, ConfigKeySpec>;

/** The loaded values, typed by the schema. */
export type ConfigValues<S extends ConfigSchema> = { -readonly [K in keyof S]: ConfigValueOf<S[K]['type']> };

/**
 * Identity function that makes TypeScript check each default against its type and keep the
 * literal key names, so loadConfig's result is precisely typed.
 */
export function defineConfigSchema<const S extends ConfigSchema>(
  schema: S & { [K in keyof S]: ConfigKeySpec<S[K]['type']> },
): S {
  return schema;
}

function upperSnake(key: string): string {
  return key.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase();
}

/** BERTH_<COMPONENT>_<KEY>, e.g. BERTH_IMAGES_LOG_LEVEL for component images, key logLevel. */
export function configEnvName(component: string, key: string): string {
  return `BERTH_${component.replace(/-/g, '_').toUpperCase()}_${upperSnake(key)}`;
}

/** The command-line flag of a key: logLevel is --log-level. */
export function configFlagName(key: string): string {
  return `--${key.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase()}`;
}

/** A --help style description of every key, its type, default and environment variable. */
export function describeConfig(component: string, schema: ConfigSchema): string {
  return Object.entries(schema)
    .map(([key, spec]) => {
      const choices = spec.choices ? ` (one of ${spec.choices.join(', ')})` : '';
      return (
        `  ${configFlagName(key)} <${spec.type}>  ${spec.description}${choices}\n` +
        `      default ${JSON.stringify(spec.default)}; env ${configEnvName(component, key)}`
      );
    })
    .join('\n');
}
