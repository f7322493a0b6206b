// Starting the kernel's wait for the first cgroup migration early.
import { close, constants, openSync, write } from 'node:fs';
import * as path from 'node:path';
import { type CgroupLayout, ownCgroupDir } from './layout';

/**
 * Moving a process into a cgroup takes the kernel's cgroup_threadgroup_rwsem for writing, and the
 * first such move after a quiet spell waits for an RCU grace period (10-20 ms on the build host;
 * runc and crun wait as long). Moves within a grace period or so of the last one do not wait.
 * This starts that wait on the thread pool with a move that changes nothing (this process into
 * the cgroup it is already in), so it runs alongside building the plan and starting the helper
 * instead of after them. Never fails: without the permission (rootless) the create just waits later.
 */
interface Inflight {
  done: Promise<void>;
  layout: CgroupLayout;
}

// On globalThis, not in this module: the CLI's launcher starts the prime from a small bundle of its
// own (dist/berth-runtime-prime.js) before the main bundle loads, and both must see the same one.
const INFLIGHT = Symbol.for('@berth/runtime cgroup prime');
const slot = globalThis as { [INFLIGHT]?: Inflight };

/** The layout a prime still under way was started with: detected at most a grace period ago. */
export function layoutBeingPrimed(): CgroupLayout | undefined {
  return slot[INFLIGHT]?.layout;
}

export function primeCgroupMigration(layout: CgroupLayout): Promise<void> {
  // The CLI primes before the runtime loads, and create primes again: one wait serves both.
  const running = slot[INFLIGHT];
  if (running) return running.done;
  const key = ['pids', ...Object.keys(layout.v1)].find((k) => layout.v1[k] && layout.own[k] !== undefined);
  const hierarchy = key !== undefined ? layout.v1[key] : layout.unified;
  if (!hierarchy) return Promise.resolve();
  const dir = ownCgroupDir(hierarchy, layout.own[key ?? '']);
  // Opened here and written in one thread-pool request, so the wait starts now rather than when
  // this thread next returns to the event loop.
  let fd: number;
  try {
    fd = openSync(path.join(dir, 'cgroup.procs'), constants.O_WRONLY);
  } catch {
    return Promise.resolve();
  }
  const done = new Promise<void>((resolve) =>
    write(fd, String(process.pid), () => {
      slot[INFLIGHT] = undefined;
      close(fd, () => resolve());
    }),
  );
  slot[INFLIGHT] = { done, layout };
  return done;
}
