// cgroup v2 memory controller (Documentation/admin-guide/cgroup-v2.rst, "Memory").
import {
  UNLIMITED,
  hasCgroupFile,
  readCgroupNumber,
  readFlatKeyed,
  readOptionalCgroupNumber,
  writeCgroupFile,
} from '../cgroupfs';
import { type Controller, resourceField } from '../controller';
import { CgroupUnsupportedError } from '../errors';
import { checkMemoryBeforeUpdate, checkMemoryValues } from '../memory-checks';
import type { LinuxMemory, LinuxResources } from '../spec-types';
import type { CgroupStats } from '../stats';
import { maxOrNumber, memorySwapToV2 } from './convert';

// v1 knobs with no v2 counterpart. Asking for them on v2 is an error rather than silently ignored;
// `kernel` is the exception: the spec deprecates it and lets runtimes ignore it.
function rejectV1Only(memory: LinuxMemory): void {
  const reject = (name: keyof LinuxMemory, why: string): never => {
    const field = resourceField(`memory.${name}`);
    throw new CgroupUnsupportedError(`${field}: not available on cgroup v2 (${why})`, field);
  };
  if (memory.kernelTCP !== undefined && memory.kernelTCP !== 0) {
    reject('kernelTCP', 'v2 accounts TCP buffers with all memory');
  }
  if (memory.swappiness !== undefined) reject('swappiness', 'v2 has no per-cgroup swappiness');
  if (memory.disableOOMKiller === true) reject('disableOOMKiller', 'v2 cannot turn the OOM killer off');
  if (memory.useHierarchy === false) reject('useHierarchy', 'v2 is always hierarchical');
}

export const v2Memory: Controller = {
  name: 'memory',
  version: 2,
  handles: ['memory'],

  check(resources: LinuxResources): void {
    const memory = resources.memory;
    if (!memory) return;
    checkMemoryValues(memory);
    rejectV1Only(memory);
    memorySwapToV2(memory.swap ?? 0, memory.limit ?? 0);
  },

  set(dir: string, resources: LinuxResources): void {
    const memory = resources.memory;
    if (!memory) return;
    if (memory.checkBeforeUpdate) checkMemoryBeforeUpdate(memory, readCgroupNumber(dir, 'memory.current'));
    const limit = memory.limit ?? 0;
    const swap = memorySwapToV2(memory.swap ?? 0, limit);
    if (swap !== 0) {
      const field = resourceField('memory.swap');
      if (!hasCgroupFile(dir, 'memory.swap.max')) {
        throw new CgroupUnsupportedError(
          `${field}: this kernel has no swap accounting (memory.swap.max missing)`,
          field,
        );
      }
      writeCgroupFile(dir, 'memory.swap.max', maxOrNumber(swap), field);
    }
    if (limit !== 0) writeCgroupFile(dir, 'memory.max', maxOrNumber(limit), resourceField('memory.limit'));
    if (memory.reservation !== undefined && memory.reservation !== 0) {
      writeCgroupFile(
        dir,
        'memory.low',
        maxOrNumber(memory.reservation),
        resourceField('memory.reservation'),
      );
    }
  },

  stats(dir: string, stats: CgroupStats): void {
    const raw = readFlatKeyed(dir, 'memory.stat');
    const events = readFlatKeyed(dir, 'memory.events');
    const usage = readCgroupNumber(dir, 'memory.current');
    const limit = readCgroupNumber(dir, 'memory.max');
    stats.memory.raw = Object.fromEntries(raw);
    stats.memory.cache = raw.get('file') ?? 0;
    stats.memory.usage = {
      usage,
      limit,
      max: readOptionalCgroupNumber(dir, 'memory.peak') ?? 0,
      failcnt: events.get('max') ?? 0,
    };
    // Reported as memory+swap, the meaning v1 and the spec give "swap".
    const swapUsage = readOptionalCgroupNumber(dir, 'memory.swap.current');
    const swapLimit = readOptionalCgroupNumber(dir, 'memory.swap.max');
    if (swapUsage !== undefined && swapLimit !== undefined) {
      stats.memory.swap = {
        usage: usage + swapUsage,
        limit: Math.min(UNLIMITED, limit + swapLimit),
        max: 0,
        failcnt: 0,
      };
    }
    stats.memory.oomKill = events.get('oom_kill') ?? 0;
    stats.memory.oomEvents = events.get('oom') ?? 0;
  },
};
