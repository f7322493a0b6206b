// The pids controller; v1 and v2 share its interface files (pids.max, pids.current).
import { UNLIMITED, readCgroupNumber, writeCgroupFile } from './cgroupfs';
import { type Controller, resourceField } from './controller';
import type { LinuxResources } from './spec-types';
import type { CgroupStats } from './stats';
import { checkInteger } from './validate';

/** pids.limit: positive is a limit, negative is "max", 0 (or absent) leaves the current value. */
function pidsMaxValue(resources: LinuxResources): string | undefined {
  const limit = resources.pids?.limit;
  if (limit === undefined || limit === 0) return undefined;
  return checkInteger(limit, resourceField('pids.limit')) > 0 ? String(limit) : 'max';
}

export function pidsController(version: 1 | 2): Controller {
  return {
    name: 'pids',
    version,
    handles: ['pids'],

    check(resources: LinuxResources): void {
      pidsMaxValue(resources);
    },

    set(dir: string, resources: LinuxResources): void {
      const value = pidsMaxValue(resources);
      if (value !== undefined) writeCgroupFile(dir, 'pids.max', value, resourceField('pids.limit'));
    },

    stats(dir: string, stats: CgroupStats): void {
      const limit = readCgroupNumber(dir, 'pids.max');
      // runc reports "no limit" as 0.
      stats.pids = { current: readCgroupNumber(dir, 'pids.current'), limit: limit === UNLIMITED ? 0 : limit };
    },
  };
}
