// Whether the kernel's OOM killer struck a container: its cgroup's memory.events (v2) or
// memory.oom_control (v1) count kills. Read at the exit, before the task (and cgroup) goes.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CGROUP_PARENT } from '../spec/build-spec';

export async function wasOomKilled(id: string, cgroupRoot = '/sys/fs/cgroup'): Promise<boolean> {
  const candidates = [
    { file: join(cgroupRoot, CGROUP_PARENT, id, 'memory.events'), key: 'oom_kill' },
    { file: join(cgroupRoot, 'memory', CGROUP_PARENT, id, 'memory.oom_control'), key: 'oom_kill' },
  ];
  for (const { file, key } of candidates) {
    try {
      const text = await readFile(file, 'utf8');
      const count = new RegExp(`^${key} (\\d+)$`, 'm').exec(text)?.[1];
      if (count !== undefined) return Number(count) > 0;
    } catch {
      // Not this cgroup version, or already gone.
    }
  }
  return false;
}
