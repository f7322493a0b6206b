// The contract every per-controller module (v1/*.ts, v2/*.ts) fulfils. A manager binds controllers
// to directories; the controller knows its interface files, its validation and its statistics.
import type { LinuxResources } from './spec-types';
import type { CgroupStats } from './stats';

/**
 * A part of linux.resources that exactly one bound controller must take on, named by its spec path.
 * The manager refuses a request naming an area no bound controller handles.
 */
export type ResourceArea =
  | 'memory'
  | 'cpu'
  | 'cpuset'
  | 'pids'
  | 'blockIO'
  | 'hugepageLimits'
  | 'network.classID'
  | 'network.priorities'
  | 'devices'
  | 'rdma'
  | 'unified';

export interface Controller {
  /** The name used as the key in paths() and in runc's state: "memory", "cpu", ..., "" for v2. */
  readonly name: string;
  readonly version: 1 | 2;
  readonly handles: readonly ResourceArea[];
  /** Readies each directory level the manager creates, before any process joins it. */
  initDir?(dir: string): void;
  /** Settings that must be in place before a process joins (e.g. real-time budget for RT tasks). */
  beforeJoin?(dir: string, resources: LinuxResources): void;
  /**
   * Refuses values that can never be written, without touching the cgroup; the manager runs every
   * check before any write, so bad input leaves the cgroup as it was.
   */
  check?(resources: LinuxResources): void;
  /** Writes the part of `resources` this controller handles. */
  set(dir: string, resources: LinuxResources): void;
  /** Adds this controller's counters to `stats`. */
  stats?(dir: string, stats: CgroupStats): void;
}

/** Field paths for messages, rooted where config.json has them. */
export function resourceField(sub: string): string {
  return `linux.resources.${sub}`;
}

/** Which areas a request actually asks for (present and non-empty). */
export function requestedAreas(resources: LinuxResources): ResourceArea[] {
  const areas: ResourceArea[] = [];
  const cpu = resources.cpu;
  if (resources.memory && Object.values(resources.memory).some((v) => v !== undefined)) areas.push('memory');
  if (
    cpu &&
    ['shares', 'quota', 'burst', 'period', 'realtimeRuntime', 'realtimePeriod', 'idle'].some(
      (k) => cpu[k as keyof typeof cpu] !== undefined,
    )
  ) {
    areas.push('cpu');
  }
  if (cpu && ((cpu.cpus ?? '') !== '' || (cpu.mems ?? '') !== '')) areas.push('cpuset');
  if (resources.pids?.limit !== undefined && resources.pids.limit !== 0) areas.push('pids');
  if (
    resources.blockIO &&
    Object.values(resources.blockIO).some((v) => v !== undefined && !(Array.isArray(v) && v.length === 0))
  ) {
    areas.push('blockIO');
  }
  if ((resources.hugepageLimits ?? []).length > 0) areas.push('hugepageLimits');
  if (resources.network?.classID !== undefined) areas.push('network.classID');
  if ((resources.network?.priorities ?? []).length > 0) areas.push('network.priorities');
  if ((resources.devices ?? []).length > 0) areas.push('devices');
  if (resources.rdma && Object.keys(resources.rdma).length > 0) areas.push('rdma');
  if (resources.unified && Object.keys(resources.unified).length > 0) areas.push('unified');
  return areas;
}
