// Noticing OOM kills in a container's memory cgroup. v1's notification needs an eventfd registered
// through cgroup.event_control, which Node cannot create, and v1 files raise no inotify events; so the
// OOM-kill counter (v1 memory.oom_control, v2 memory.events) is sampled, which both versions have.
import { readFlatKeyed } from './cgroupfs';
import type { CgroupManager } from './manager';

const DEFAULT_INTERVAL_MS = 100;

function oomKillCount(dir: string, version: 1 | 2): number {
  return readFlatKeyed(dir, version === 1 ? 'memory.oom_control' : 'memory.events').get('oom_kill') ?? 0;
}

/**
 * Calls `onOom(newKills)` whenever the OOM killer has killed processes in the container since the
 * last sample. Returns a function that stops watching. The timer does not keep Node alive.
 */
export function watchOom(
  manager: CgroupManager,
  onOom: (kills: number) => void,
  intervalMs = DEFAULT_INTERVAL_MS,
): () => void {
  const v1Dir = manager.dir('memory');
  const dir = v1Dir ?? manager.dir('');
  if (dir === undefined) return () => {};
  const version = v1Dir ? 1 : 2;
  let last = oomKillCount(dir, version);
  const timer = setInterval(() => {
    let now: number;
    try {
      now = oomKillCount(dir, version);
    } catch {
      clearInterval(timer); // the cgroup is gone
      return;
    }
    if (now > last) onOom(now - last);
    last = now;
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
