import type Logger from 'bunyan';
import { readOomKills, type MemoryCgroup } from './memory-cgroup';

// How often the shared sweep reads the counters. Node cannot make the eventfd cgroup v1's
// notification needs, and v1 control files raise no inotify events, so the counters are read:
// on every process exit (an OOM-killed init or exec is reported before its exit), and by one
// timer for the whole shim (never one per container) for processes the shim does not track.
const SWEEP_MS = 1000;

interface Watched {
  cgroup: MemoryCgroup;
  kills: number;
}

/** Calls onOom(id, newKills) when the OOM killer has killed processes in a watched container. */
export class OomWatcher {
  private readonly watched = new Map<string, Watched>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly onOom: (id: string, kills: number) => void,
    private readonly log: Logger,
  ) {}

  watch(id: string, cgroup: MemoryCgroup): void {
    let kills: number;
    try {
      kills = readOomKills(cgroup.oomFile);
    } catch (err) {
      this.log.warn({ err, id }, 'cannot read OOM counter; OOM events disabled for this container');
      return;
    }
    this.watched.set(id, { cgroup, kills });
    if (!this.timer) {
      this.timer = setInterval(() => this.sweep(), SWEEP_MS);
      this.timer.unref();
    }
  }

  unwatch(id: string): void {
    this.watched.delete(id);
    if (this.watched.size === 0 && this.timer) {
      clearInterval(this.timer);
      this.timer = undefined;
    }
  }

  /** Reads one container's counter now (a process of it just exited: maybe OOM-killed). */
  check(id: string): void {
    const entry = this.watched.get(id);
    if (!entry) return;
    let now: number;
    try {
      now = readOomKills(entry.cgroup.oomFile);
    } catch {
      return; // the cgroup went away with the container
    }
    if (now > entry.kills) {
      const added = now - entry.kills;
      entry.kills = now;
      this.onOom(id, added);
    }
  }

  private sweep(): void {
    for (const id of this.watched.keys()) this.check(id);
  }
}
