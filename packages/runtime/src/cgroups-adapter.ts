/**
 * The one place the core talks to src/cgroups: creating a container's cgroups at create and
 * rebuilding them from the paths saved in state.json for later commands.
 */
import { CgroupManager, createCgroupManager, type CgroupManagerOptions } from './cgroups';
import { RuntimeError } from './errors';

export type ContainerCgroups = CgroupManager;

export class CgroupsUnavailableError extends RuntimeError {
  constructor(what: string) {
    super('FailedPrecondition', 'CGROUPS_UNAVAILABLE', `${what}: the container has no cgroups`);
  }
}

export function createContainerCgroups(options: CgroupManagerOptions): ContainerCgroups {
  return createCgroupManager(options);
}

/** The container's cgroups for a command that cannot work without them (pause, update, stats). */
export function loadContainerCgroups(paths: Record<string, string>, what: string): ContainerCgroups {
  if (Object.keys(paths).length === 0) throw new CgroupsUnavailableError(what);
  return CgroupManager.load(paths);
}

export function tryLoadContainerCgroups(paths: Record<string, string>): ContainerCgroups | undefined {
  return Object.keys(paths).length > 0 ? CgroupManager.load(paths) : undefined;
}

export type { CgroupLayout } from './cgroups';
export {
  detectCgroupLayout,
  DEFAULT_DEVICE_RULES,
  layoutBeingPrimed,
  primeCgroupMigration,
  watchOom,
} from './cgroups';
