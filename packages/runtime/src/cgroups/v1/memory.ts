// cgroup v1 memory controller (Documentation/admin-guide/cgroup-v1/memory.rst).
// The spec's memory.swap is the memory+swap total, which is exactly v1's memsw limit.
import {
  formatInteger,
  hasCgroupFile,
  readCgroupNumber,
  readFlatKeyed,
  readOptionalCgroupNumber,
  writeCgroupFile,
} from '../cgroupfs';
import { type Controller, resourceField } from '../controller';
import { CgroupUnsupportedError } from '../errors';
import type { LinuxMemory, LinuxResources } from '../spec-types';
import type { CgroupStats, MemoryEntry } from '../stats';
import { checkBoolean } from '../validate';
import { checkMemoryBeforeUpdate, checkMemoryValues } from '../memory-checks';

const LIMIT = 'memory.limit_in_bytes';
const MEMSW_LIMIT = 'memory.memsw.limit_in_bytes';

function limitText(value: number, field: string): string {
  return value === -1 ? '-1' : formatInteger(value, field);
}

// Raising both limits must write memsw first (memsw >= limit at every step); lowering, the reverse.
function setLimitAndSwap(dir: string, memory: LinuxMemory): void {
  const limit = memory.limit ?? 0;
  let swap = memory.swap ?? 0;
  if (limit === -1 && swap === 0 && hasCgroupFile(dir, MEMSW_LIMIT)) swap = -1;
  if (swap !== 0 && !hasCgroupFile(dir, MEMSW_LIMIT)) {
    throw new CgroupUnsupportedError(
      `${resourceField('memory.swap')}: this kernel has no swap accounting (${MEMSW_LIMIT} missing)`,
      resourceField('memory.swap'),
    );
  }
  const writeLimit = (): void =>
    writeCgroupFile(
      dir,
      LIMIT,
      limitText(limit, resourceField('memory.limit')),
      resourceField('memory.limit'),
    );
  const writeSwap = (): void =>
    writeCgroupFile(
      dir,
      MEMSW_LIMIT,
      limitText(swap, resourceField('memory.swap')),
      resourceField('memory.swap'),
    );
  if (limit !== 0 && swap !== 0) {
    const current = readCgroupNumber(dir, LIMIT);
    if (swap === -1 || current < swap) {
      writeSwap();
      writeLimit();
    } else {
      writeLimit();
      writeSwap();
    }
    return;
  }
  if (limit !== 0) writeLimit();
  if (swap !== 0) writeSwap();
}

function readEntry(dir: string, prefix: string): MemoryEntry {
  return {
    usage: readOptionalCgroupNumber(dir, `${prefix}.usage_in_bytes`) ?? 0,
    max: readOptionalCgroupNumber(dir, `${prefix}.max_usage_in_bytes`) ?? 0,
    failcnt: readOptionalCgroupNumber(dir, `${prefix}.failcnt`) ?? 0,
    limit: readOptionalCgroupNumber(dir, `${prefix}.limit_in_bytes`) ?? 0,
  };
}

export const v1Memory: Controller = {
  name: 'memory',
  version: 1,
  handles: ['memory'],

  check(resources: LinuxResources): void {
    if (resources.memory) checkMemoryValues(resources.memory);
  },

  set(dir: string, resources: LinuxResources): void {
    const memory = resources.memory;
    if (!memory) return;
    if (memory.checkBeforeUpdate) {
      checkMemoryBeforeUpdate(memory, readCgroupNumber(dir, 'memory.usage_in_bytes'));
    }
    setLimitAndSwap(dir, memory);
    if (memory.reservation !== undefined && memory.reservation !== 0) {
      const field = resourceField('memory.reservation');
      writeCgroupFile(dir, 'memory.soft_limit_in_bytes', limitText(memory.reservation, field), field);
    }
    // Kernel memory limits are deprecated (removed from Linux 6.1 on for v1 too): honoured where the
    // file still exists, ignored where it does not, as the spec allows.
    if (
      memory.kernel !== undefined &&
      memory.kernel !== 0 &&
      hasCgroupFile(dir, 'memory.kmem.limit_in_bytes')
    ) {
      const field = resourceField('memory.kernel');
      writeCgroupFile(dir, 'memory.kmem.limit_in_bytes', limitText(memory.kernel, field), field);
    }
    if (memory.kernelTCP !== undefined && memory.kernelTCP !== 0) {
      const field = resourceField('memory.kernelTCP');
      writeCgroupFile(dir, 'memory.kmem.tcp.limit_in_bytes', limitText(memory.kernelTCP, field), field);
    }
    if (memory.swappiness !== undefined) {
      const field = resourceField('memory.swappiness');
      writeCgroupFile(dir, 'memory.swappiness', String(memory.swappiness), field);
    }
    if (memory.disableOOMKiller !== undefined) {
      const field = resourceField('memory.disableOOMKiller');
      writeCgroupFile(
        dir,
        'memory.oom_control',
        checkBoolean(memory.disableOOMKiller, field) ? '1' : '0',
        field,
      );
    }
    if (memory.useHierarchy !== undefined) {
      const field = resourceField('memory.useHierarchy');
      writeCgroupFile(
        dir,
        'memory.use_hierarchy',
        checkBoolean(memory.useHierarchy, field) ? '1' : '0',
        field,
      );
    }
  },

  stats(dir: string, stats: CgroupStats): void {
    const raw = readFlatKeyed(dir, 'memory.stat');
    stats.memory.raw = Object.fromEntries(raw);
    stats.memory.cache = raw.get('cache') ?? 0;
    stats.memory.usage = readEntry(dir, 'memory');
    stats.memory.swap = readEntry(dir, 'memory.memsw');
    stats.memory.kernel = readEntry(dir, 'memory.kmem');
    stats.memory.kernelTCP = readEntry(dir, 'memory.kmem.tcp');
    const oomControl = readFlatKeyed(dir, 'memory.oom_control');
    stats.memory.oomKill = oomControl.get('oom_kill') ?? 0;
    stats.memory.underOom = oomControl.get('under_oom') === 1;
  },
};
