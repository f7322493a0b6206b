import type { Check } from '../validation/check';
import { runCheck } from '../validation/check';
import { envEntry, rfc3339Date, stringMap } from '../validation/common-checks';
import { digestString } from '../validation/digest-check';
import { anyString, boolean, integer, literal, nonEmptyString } from '../validation/primitives';
import { arrayOf, emptyObject, object, optional, recordOf, required } from '../validation/structures';

/** Docker's healthcheck extension; durations are nanoseconds. */
export interface HealthConfig {
  Test?: string[];
  Interval?: number;
  Timeout?: number;
  StartPeriod?: number;
  StartInterval?: number;
  Retries?: number;
}

/** Execution parameters of an image config (config.md "config" member). */
export interface ContainerConfig {
  User?: string;
  /** Keys are `port/proto` like `80/tcp`; values are empty objects. */
  ExposedPorts?: Record<string, Record<string, never>>;
  Env?: string[];
  Entrypoint?: string[];
  Cmd?: string[];
  Volumes?: Record<string, Record<string, never>>;
  WorkingDir?: string;
  Labels?: Record<string, string>;
  StopSignal?: string;
  ArgsEscaped?: boolean;
  Healthcheck?: HealthConfig;
  OnBuild?: string[];
  Shell?: string[];
}

export interface RootFs {
  type: 'layers';
  diff_ids: string[];
}

export interface HistoryEntry {
  created?: string;
  author?: string;
  created_by?: string;
  comment?: string;
  empty_layer?: boolean;
}

/** OCI image configuration (config.md); Docker's image config is a superset read the same way. */
export interface ImageConfig {
  created?: string;
  author?: string;
  architecture: string;
  os: string;
  'os.version'?: string;
  'os.features'?: string[];
  variant?: string;
  config?: ContainerConfig;
  rootfs: RootFs;
  history?: HistoryEntry[];
}

const PORT_KEY = /^(\d{1,5})(?:\/(tcp|udp|sctp))?$/;

function exposedPortProblem(key: string): string | undefined {
  const match = PORT_KEY.exec(key);
  const port = match === null ? NaN : Number(match[1]);
  if (port >= 1 && port <= 65535) return undefined;
  return `invalid exposed port ${JSON.stringify(key)}: expected "<1-65535>[/tcp|/udp|/sctp]"`;
}

const duration = integer({ min: 0 });

const healthCheck: Check<HealthConfig> = object<HealthConfig>({
  Test: optional(arrayOf(anyString)),
  Interval: optional(duration),
  Timeout: optional(duration),
  StartPeriod: optional(duration),
  StartInterval: optional(duration),
  Retries: optional(integer({ min: 0 })),
});

const containerConfig: Check<ContainerConfig> = object<ContainerConfig>({
  User: optional(anyString),
  ExposedPorts: optional(recordOf(emptyObject, exposedPortProblem)),
  Env: optional(arrayOf(envEntry)),
  Entrypoint: optional(arrayOf(anyString)),
  Cmd: optional(arrayOf(anyString)),
  Volumes: optional(
    recordOf(emptyObject, (key) => (key === '' ? 'volume path must not be empty' : undefined)),
  ),
  WorkingDir: optional(anyString),
  Labels: optional(stringMap),
  StopSignal: optional(anyString),
  ArgsEscaped: optional(boolean),
  Healthcheck: optional(healthCheck),
  OnBuild: optional(arrayOf(anyString)),
  Shell: optional(arrayOf(anyString)),
});

export const imageConfigCheck: Check<ImageConfig> = object<ImageConfig>({
  created: optional(rfc3339Date),
  author: optional(anyString),
  architecture: required(nonEmptyString),
  os: required(nonEmptyString),
  'os.version': optional(anyString),
  'os.features': optional(arrayOf(anyString)),
  variant: optional(anyString),
  config: optional(containerConfig),
  rootfs: required(
    object<RootFs>({
      type: required(literal('layers')),
      diff_ids: required(arrayOf(digestString)),
    }),
  ),
  history: optional(
    arrayOf(
      object<HistoryEntry>({
        created: optional(rfc3339Date),
        author: optional(anyString),
        created_by: optional(anyString),
        comment: optional(anyString),
        empty_layer: optional(boolean),
      }),
    ),
  ),
});

/** Validates an untrusted OCI or Docker image configuration. */
export function parseImageConfig(json: unknown): ImageConfig {
  return runCheck(imageConfigCheck, json);
}
