import { readFileSync } from 'node:fs';
import * as path from 'node:path';

/** A container's memory cgroup and the file whose `oom_kill` line counts its OOM kills. */
export interface MemoryCgroup {
  dir: string;
  /** memory.oom_control on cgroup v1, memory.events on v2. */
  oomFile: string;
}

interface CgroupMount {
  point: string;
  /** The mount's root within the hierarchy (not "/" inside a cgroup namespace). */
  root: string;
  version: 1 | 2;
}

/** cgroup mounts from a mountinfo text: v1 ones that carry the memory controller, and v2. */
export function memoryMounts(mountinfo: string): CgroupMount[] {
  const mounts: CgroupMount[] = [];
  for (const line of mountinfo.split('\n')) {
    const dash = line.indexOf(' - ');
    if (dash < 0) continue;
    const fields = line.slice(0, dash).split(' ');
    const [fsType, , superOptions = ''] = line.slice(dash + 3).split(' ');
    if (fsType === 'cgroup2') mounts.push({ point: fields[4], root: fields[3], version: 2 });
    else if (fsType === 'cgroup' && superOptions.split(',').includes('memory'))
      mounts.push({ point: fields[4], root: fields[3], version: 1 });
  }
  return mounts;
}

/**
 * Finds the memory cgroup of a process from /proc/<pid>/cgroup and the host's cgroup mounts:
 * the v1 memory hierarchy if there is one, else the v2 group when it has the memory
 * controller. Undefined when the process has none (or is gone).
 */
export function findMemoryCgroup(pid: number): MemoryCgroup | undefined {
  let membership: string;
  let mountinfo: string;
  try {
    membership = readFileSync(`/proc/${pid}/cgroup`, 'utf8');
    mountinfo = readFileSync('/proc/self/mountinfo', 'utf8');
  } catch {
    return undefined;
  }
  const mounts = memoryMounts(mountinfo);
  for (const line of membership.split('\n')) {
    const [hierarchy, controllers, group] = splitMembership(line);
    if (group === undefined) continue;
    const v1 = controllers.split(',').includes('memory');
    const v2 = hierarchy === '0' && controllers === '';
    const mount = mounts.find((m) => (v1 && m.version === 1) || (v2 && m.version === 2));
    if (!mount || (!v1 && !v2)) continue;
    const relative = path.relative(mount.root, group);
    if (relative.startsWith('..')) continue;
    const dir = path.join(mount.point, relative);
    const oomFile = path.join(dir, v1 ? 'memory.oom_control' : 'memory.events');
    try {
      readFileSync(oomFile);
    } catch {
      continue; // a v2 group without the memory controller enabled
    }
    return { dir, oomFile };
  }
  return undefined;
}

function splitMembership(line: string): [string, string, string | undefined] {
  const first = line.indexOf(':');
  const second = line.indexOf(':', first + 1);
  if (first < 0 || second < 0) return ['', '', undefined];
  return [line.slice(0, first), line.slice(first + 1, second), line.slice(second + 1)];
}

/** The `oom_kill` counter of memory.oom_control / memory.events (0 when the kernel lacks it). */
export function readOomKills(oomFile: string): number {
  const match = /^oom_kill (\d+)$/m.exec(readFileSync(oomFile, 'utf8'));
  return match ? Number(match[1]) : 0;
}
