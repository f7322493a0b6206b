/**
 * The one place the core talks to src/cgroups (owned by the cgroups work). It names the agreed
 * interface so the lifecycle code compiles and runs whether or not that module has landed.
 */
import type { LinuxResources } from './oci';
import { RuntimeError } from './errors';

export interface ContainerCgroups {
  apply(pid: number): void;
  set(resources: LinuxResources): void;
  freeze(): void;
  thaw(): void;
  getFreezerState(): string;
  getPids(all?: boolean): number[];
  getStats(): unknown;
  destroy(): void;
  exists(): boolean;
  paths(): Record<string, string>;
}

export interface CgroupOptions {
  id: string;
  cgroupsPath?: string;
  resources?: LinuxResources;
  systemd?: boolean;
}

interface CgroupsModule {
  createCgroupManager(options: CgroupOptions): ContainerCgroups;
  CgroupManager: { load(paths: Record<string, string>): ContainerCgroups };
}

function cgroupsModule(): CgroupsModule | undefined {
  try {
    const mod = require('./cgroups') as Partial<CgroupsModule>;
    return mod.createCgroupManager && mod.CgroupManager ? (mod as CgroupsModule) : undefined;
  } catch {
    return undefined;
  }
}

export class CgroupsUnavailableError extends RuntimeError {
  constructor(what: string) {
    super('FailedPrecondition', 'CGROUPS_UNAVAILABLE', `${what}: the cgroup manager is not available in this build`);
  }
}

/** The container's cgroups, or undefined when the cgroup manager is not built in. */
export function createContainerCgroups(options: CgroupOptions): ContainerCgroups | undefined {
  const mod = cgroupsModule();
  if (!mod) {
    if (options.resources && Object.keys(options.resources).length > 0) throw new CgroupsUnavailableError('linux.resources');
    return undefined;
  }
  return mod.createCgroupManager(options);
}

export function loadContainerCgroups(paths: Record<string, string>, what: string): ContainerCgroups {
  const mod = cgroupsModule();
  if (!mod || Object.keys(paths).length === 0) throw new CgroupsUnavailableError(what);
  return mod.CgroupManager.load(paths);
}

export function tryLoadContainerCgroups(paths: Record<string, string>): ContainerCgroups | undefined {
  const mod = cgroupsModule();
  return mod && Object.keys(paths).length > 0 ? mod.CgroupManager.load(paths) : undefined;
}

/** The host's cgroup layout, needed to expand a "cgroup" mount. */
export { detectCgroupLayout } from './cgroups/layout';
/** Devices every container may use, appended after the config's device rules. */
export { DEFAULT_DEVICE_RULES } from './cgroups/device-rules';
