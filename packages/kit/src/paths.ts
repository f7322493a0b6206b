import { isAbsolute, join } from 'node:path';
import { InvalidArgumentError } from './errors/classes';

export const DEFAULT_BERTH_ROOT = '/var/lib/berth';
export const DEFAULT_BERTH_RUN = '/run/berth';
export const BERTH_ROOT_ENV = 'BERTH_ROOT';
export const BERTH_RUN_ENV = 'BERTH_RUN';

export interface ComponentPaths {
  /** Persistent state: $BERTH_ROOT/<component>. */
  root: string;
  /** Runtime directory shared by all components (sockets, shims): $BERTH_RUN. */
  run: string;
  /** The component's gRPC socket: $BERTH_RUN/<component>.sock. */
  socket: string;
}

/** Values from flags (--root, --run, --socket); each wins over the environment and defaults. */
export type PathOverrides = Partial<ComponentPaths>;

const COMPONENT_NAME = /^[a-z][a-z0-9-]*$/;
const SHIM_ID = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

function absoluteDir(value: string | undefined, fallback: string, source: string): string {
  if (value === undefined || value === '') return fallback;
  if (!isAbsolute(value)) {
    throw new InvalidArgumentError(`${source}: "${value}" must be an absolute path`, {
      reason: 'PATH_NOT_ABSOLUTE',
    });
  }
  return value;
}

/** $BERTH_ROOT, or /var/lib/berth. */
export function berthRoot(env: NodeJS.ProcessEnv = process.env): string {
  return absoluteDir(env[BERTH_ROOT_ENV], DEFAULT_BERTH_ROOT, `environment ${BERTH_ROOT_ENV}`);
}

/** $BERTH_RUN, or /run/berth. */
export function berthRun(env: NodeJS.ProcessEnv = process.env): string {
  return absoluteDir(env[BERTH_RUN_ENV], DEFAULT_BERTH_RUN, `environment ${BERTH_RUN_ENV}`);
}

/**
 * Where a component keeps state and listens: overrides (flags) < $BERTH_ROOT/$BERTH_RUN < defaults.
 * For example componentPaths('images') is { root: /var/lib/berth/images, run: /run/berth,
 * socket: /run/berth/images.sock }.
 */
export function componentPaths(
  component: string,
  overrides: PathOverrides = {},
  env: NodeJS.ProcessEnv = process.env,
): ComponentPaths {
  if (!COMPONENT_NAME.test(component)) {
    throw new InvalidArgumentError(`component name "${component}" must match ${COMPONENT_NAME}`, {
      reason: 'COMPONENT_NAME_INVALID',
    });
  }
  const run = absoluteDir(overrides.run, berthRun(env), 'flag --run');
  return {
    root: absoluteDir(overrides.root, join(berthRoot(env), component), 'flag --root'),
    run,
    socket: overrides.socket || join(run, `${component}.sock`),
  };
}

export interface ShimPaths {
  /** $BERTH_RUN/shims/<id>: the shim's runtime directory. */
  dir: string;
  /** $BERTH_RUN/shims/<id>/shim.sock: its Task API socket. */
  socket: string;
}

/** Runtime paths of the shim owning container `id`. */
export function shimPaths(id: string, run: string = berthRun()): ShimPaths {
  if (!SHIM_ID.test(id)) {
    throw new InvalidArgumentError(`shim id "${id}" must match ${SHIM_ID}`, { reason: 'SHIM_ID_INVALID' });
  }
  const dir = join(run, 'shims', id);
  return { dir, socket: join(dir, 'shim.sock') };
}
