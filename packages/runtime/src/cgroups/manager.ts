// The cgroup manager: one container's cgroups across every hierarchy of the host's layout. It
// creates them, moves processes in, sets limits, reads statistics, freezes, and removes them.
import { existsSync } from 'node:fs';
import { errnoOf, readProcs, writeCgroupFile, writeCgroupFileAsync } from './cgroupfs';
import { type ResourceArea, requestedAreas, resourceField } from './controller';
import { CgroupError, CgroupInvalidArgumentError, CgroupUnsupportedError } from './errors';
import { type Freezer, type FreezerState, v1Freezer, v2Freezer } from './freezer';
import { type CgroupHierarchyDir, createHierarchyDir } from './hierarchy';
import type { CgroupLayoutKind } from './layout';
import { collectProcs, removeCgroupDir } from './remove';
import { type LoadOptions, loadHierarchies } from './load';
import { watchOom } from './oom';
import type { LinuxResources } from './spec-types';
import { type CgroupStats, emptyStats } from './stats';

/** What the manager was built from; kept so later commands can rebuild it (see CgroupManager.load). */
export interface CgroupManagerParts {
  kind: CgroupLayoutKind;
  hierarchies: CgroupHierarchyDir[];
  /** Resources given at creation, applied before the first process joins where that matters. */
  resources?: LinuxResources;
  /** --rootless: hierarchies we may not create or join are left out instead of failing (as runc). */
  rootless?: boolean;
}

// Which freezer acts: v1's freezer hierarchy when mounted, else v2's core cgroup.freeze.
function pickFreezer(hierarchies: CgroupHierarchyDir[]): { freezer: Freezer; dir: string } | undefined {
  const v1 = hierarchies.find((h) => h.key === 'freezer');
  if (v1) return { freezer: v1Freezer, dir: v1.dir };
  const v2 = hierarchies.find((h) => h.version === 2);
  return v2 ? { freezer: v2Freezer, dir: v2.dir } : undefined;
}

// The directory that lists the container's processes and tells whether it still exists. Every
// hierarchy holds the same processes; v2 (or pids on v1) is the one a container cannot opt out of.
function primaryDir(hierarchies: CgroupHierarchyDir[]): string | undefined {
  const preferred = ['', 'pids', 'freezer', 'devices', 'memory', 'cpu'];
  for (const key of preferred) {
    const found = hierarchies.find((h) => h.key === key);
    if (found) return found.dir;
  }
  return hierarchies[0]?.dir;
}

function checkPid(pid: number): void {
  if (!Number.isInteger(pid) || pid <= 0) {
    throw new CgroupInvalidArgumentError(`cannot move pid ${pid} into a cgroup: not a process id`);
  }
}

function joinField(hierarchy: CgroupHierarchyDir): string {
  return `cgroup ${hierarchy.key || 'v2'} join`;
}

const PERMISSION_ERRNOS = new Set(['EACCES', 'EPERM', 'EROFS']);

function isPermissionError(err: unknown): boolean {
  return err instanceof CgroupError && PERMISSION_ERRNOS.has(errnoOf(err.cause) ?? '');
}

export class CgroupManager {
  /** Rebuilds the manager of an existing container from its saved paths() (later commands). */
  static load(paths: Record<string, string>, options: LoadOptions = {}): CgroupManager {
    return new CgroupManager(loadHierarchies(paths, options));
  }

  readonly kind: CgroupLayoutKind;
  private hierarchies: CgroupHierarchyDir[];
  private readonly initialResources: LinuxResources | undefined;
  private readonly rootless: boolean;
  /** Rootless: directories left out for lack of permission, with the kernel's reason. */
  private readonly denied = new Map<string, string>();
  // apply() and set() both make sure the directories exist; one round of mkdir is enough.
  private created = false;

  constructor(parts: CgroupManagerParts) {
    if (parts.hierarchies.length === 0) throw new CgroupUnsupportedError('no cgroup hierarchy to manage');
    this.kind = parts.kind;
    this.hierarchies = parts.hierarchies;
    this.initialResources = parts.resources;
    this.rootless = parts.rootless ?? false;
  }

  // Runs `step` on a directory; in rootless mode a permission error drops that directory instead.
  private tolerate(hierarchy: CgroupHierarchyDir, step: () => void): void {
    try {
      step();
    } catch (err) {
      if (!this.rootless || !isPermissionError(err)) throw err;
      this.denied.set(hierarchy.dir, (err as Error).message);
      this.hierarchies = this.hierarchies.filter((h) => h.dir !== hierarchy.dir);
    }
  }

  /** Distinct directories: co-mounted v1 controllers (cpu,cpuacct) share one, with all their controllers. */
  private distinctDirs(): CgroupHierarchyDir[] {
    const byDir = new Map<string, CgroupHierarchyDir>();
    for (const hierarchy of this.hierarchies) {
      const seen = byDir.get(hierarchy.dir);
      if (seen) {
        byDir.set(hierarchy.dir, { ...seen, controllers: [...seen.controllers, ...hierarchy.controllers] });
      } else {
        byDir.set(hierarchy.dir, hierarchy);
      }
    }
    return [...byDir.values()];
  }

  /** Creates every directory that is missing (idempotent; once per manager). */
  create(): void {
    if (this.created) return;
    for (const hierarchy of this.distinctDirs())
      this.tolerate(hierarchy, () => createHierarchyDir(hierarchy));
    this.created = true;
  }

  /** Creates the cgroups if needed and moves `pid` (a whole process) into each of them. */
  apply(pid: number): void {
    checkPid(pid);
    this.create();
    this.beforeJoin();
    for (const hierarchy of this.distinctDirs())
      this.tolerate(hierarchy, () =>
        writeCgroupFile(hierarchy.dir, 'cgroup.procs', String(pid), joinField(hierarchy)),
      );
  }

  /**
   * apply() for callers with an event loop. On cgroup v1 the first move of a process into a cgroup
   * waits in the kernel for an RCU grace period (10-20 ms on the build host, and runc and crun wait
   * as long); the moves right after it do not. That first write runs on the thread pool while
   * `meanwhile` (setting the limits) runs here, then the other hierarchies are joined.
   */
  async applyAsync(pid: number, meanwhile?: () => void): Promise<void> {
    if (this.rootless) {
      // Which hierarchies a rootless container keeps is only known once every join was tried.
      this.apply(pid);
      meanwhile?.();
      return;
    }
    checkPid(pid);
    this.create();
    this.beforeJoin();
    const [first, ...rest] = this.distinctDirs();
    const joining = writeCgroupFileAsync(first.dir, 'cgroup.procs', String(pid), joinField(first));
    try {
      meanwhile?.();
    } catch (error) {
      await joining.catch(() => undefined);
      throw error;
    }
    await joining;
    for (const hierarchy of rest)
      writeCgroupFile(hierarchy.dir, 'cgroup.procs', String(pid), joinField(hierarchy));
  }

  // Settings that must precede the first process (the real-time budget).
  private beforeJoin(): void {
    if (!this.initialResources) return;
    for (const hierarchy of this.distinctDirs())
      for (const controller of hierarchy.controllers)
        controller.beforeJoin?.(hierarchy.dir, this.initialResources);
  }

  /**
   * Validates `resources`, then writes them. Every check (fields no controller here can take, bad
   * values) runs before the first write, so a refused request changes no limit.
   */
  set(resources: LinuxResources): void {
    // First, so that a rootless manager knows which hierarchies it may use.
    this.create();
    const handled = new Set<ResourceArea>(
      this.hierarchies.flatMap((h) => h.controllers.flatMap((c) => c.handles)),
    );
    for (const area of requestedAreas(resources)) {
      if (!handled.has(area)) {
        const field = resourceField(area);
        if (this.denied.size > 0) {
          throw new CgroupUnsupportedError(
            `${field}: cannot set cgroup limits without permission (rootless): ${[...this.denied.values()][0]}`,
            field,
          );
        }
        throw new CgroupUnsupportedError(
          `${field}: no cgroup controller on this host handles it (layout ${this.kind}, hierarchies: ${this.hierarchies.map((h) => h.key || 'cgroup2').join(', ')})`,
          field,
        );
      }
    }
    const bound = this.hierarchies.flatMap((h) => h.controllers);
    for (const controller of bound) controller.check?.(resources);
    // unified overrides everything converted from the other fields, so it goes last.
    const ordered = this.hierarchies.flatMap((h) =>
      h.controllers.map((controller) => ({ controller, dir: h.dir })),
    );
    ordered.sort(
      (a, b) =>
        Number(a.controller.handles.includes('unified')) - Number(b.controller.handles.includes('unified')),
    );
    for (const { controller, dir } of ordered) controller.set(dir, resources);
  }

  getStats(): CgroupStats {
    const stats = emptyStats();
    for (const hierarchy of this.hierarchies) {
      for (const controller of hierarchy.controllers) controller.stats?.(hierarchy.dir, stats);
    }
    return stats;
  }

  /** The container's pids; with `recursive`, also those in cgroups the container made below its own. */
  getPids(recursive = false): number[] {
    const dir = primaryDir(this.hierarchies);
    if (dir === undefined) return [];
    return recursive ? collectProcs(dir, readProcs) : readProcs(dir);
  }

  private freezerOrThrow(): { freezer: Freezer; dir: string } {
    const found = pickFreezer(this.hierarchies);
    if (!found) {
      throw new CgroupUnsupportedError('no freezer on this host: neither a v1 freezer mount nor cgroup v2');
    }
    return found;
  }

  /** Freezes every process; returns once the kernel reports the cgroup FROZEN. */
  freeze(): void {
    const { freezer, dir } = this.freezerOrThrow();
    freezer.freeze(dir);
  }

  thaw(): void {
    const { freezer, dir } = this.freezerOrThrow();
    freezer.thaw(dir);
  }

  getFreezerState(): FreezerState {
    const { freezer, dir } = this.freezerOrThrow();
    return freezer.state(dir);
  }

  /** Removes the container's cgroups (never its parents). Kills nothing: processes must be gone. */
  destroy(): void {
    this.created = false;
    for (const hierarchy of this.distinctDirs()) removeCgroupDir(hierarchy.dir);
  }

  exists(): boolean {
    const dir = primaryDir(this.hierarchies);
    return dir !== undefined && existsSync(dir);
  }

  /** Controller → directory ("" for cgroup v2), for the container state; CgroupManager.load reads it back. */
  paths(): Record<string, string> {
    return Object.fromEntries(this.hierarchies.map((h) => [h.key, h.dir]));
  }

  /** Calls `onOom(kills)` when the OOM killer kills in the container; returns a stop function. */
  watchOom(onOom: (kills: number) => void, intervalMs?: number): () => void {
    return watchOom(this, onOom, intervalMs);
  }

  /** The directory of one hierarchy ("memory", "" for v2), if the container has it. */
  dir(key: string): string | undefined {
    return this.hierarchies.find((h) => h.key === key)?.dir;
  }
}
