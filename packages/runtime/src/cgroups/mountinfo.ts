// Parsing of /proc/<pid>/mountinfo and /proc/<pid>/cgroup, the kernel's own account of which cgroup
// hierarchies are mounted where and which cgroup a process is in (proc(5), cgroups(7)).

export interface CgroupMountEntry {
  /** Where the hierarchy is mounted. */
  mountPoint: string;
  /** Which cgroup of the hierarchy the mount shows at mountPoint (not "/" inside some containers). */
  root: string;
  fsType: 'cgroup' | 'cgroup2';
  /** v1: the controllers (and `name=...` hierarchies) from the super options; v2: empty. */
  controllers: string[];
}

/** The v1 controllers the runtime knows how to drive or must at least join. */
export const V1_CONTROLLER_NAMES = new Set([
  'cpu',
  'cpuacct',
  'cpuset',
  'memory',
  'devices',
  'freezer',
  'net_cls',
  'net_prio',
  'blkio',
  'perf_event',
  'hugetlb',
  'pids',
  'rdma',
  'misc',
]);

// mountinfo escapes space, tab, newline and backslash as \ooo octal.
function unescapeMountField(field: string): string {
  return field.replace(/\\([0-7]{3})/g, (_, octal: string) => String.fromCharCode(parseInt(octal, 8)));
}

export function parseCgroupMounts(mountinfo: string): CgroupMountEntry[] {
  const mounts: CgroupMountEntry[] = [];
  for (const line of mountinfo.split('\n')) {
    const separator = line.indexOf(' - ');
    if (separator < 0) continue;
    const before = line.slice(0, separator).split(' ');
    const after = line.slice(separator + 3).split(' ');
    const fsType = after[0];
    if ((fsType !== 'cgroup' && fsType !== 'cgroup2') || before.length < 5) continue;
    const superOptions = (after[2] ?? '').split(',');
    mounts.push({
      mountPoint: unescapeMountField(before[4]!),
      root: unescapeMountField(before[3]!),
      fsType,
      controllers:
        fsType === 'cgroup'
          ? superOptions.filter((opt) => V1_CONTROLLER_NAMES.has(opt) || opt.startsWith('name='))
          : [],
    });
  }
  return mounts;
}

/**
 * Parses /proc/<pid>/cgroup into controller → path. v1 lines give one entry per controller of the
 * hierarchy ("4:cpu,cpuacct:/a" → cpu and cpuacct); the v2 line ("0::/a") is stored under "".
 */
export function parseProcCgroup(text: string): Map<string, string> {
  const paths = new Map<string, string>();
  for (const line of text.split('\n')) {
    const first = line.indexOf(':');
    const second = line.indexOf(':', first + 1);
    if (first < 0 || second < 0) continue;
    const controllers = line.slice(first + 1, second);
    const cgroupPath = line.slice(second + 1);
    if (controllers === '') {
      paths.set('', cgroupPath);
      continue;
    }
    for (const controller of controllers.split(',')) paths.set(controller, cgroupPath);
  }
  return paths;
}
