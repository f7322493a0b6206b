// Huge page sizes as cgroup file names spell them ("2MB", "1GB", "64KB"), checked against the sizes
// this kernel offers (/sys/kernel/mm/hugepages/hugepages-<N>kB).
import { readdirSync } from 'node:fs';
import { resourceField } from './controller';
import { CgroupInvalidArgumentError, CgroupUnsupportedError } from './errors';
import type { LinuxHugepageLimit } from './spec-types';
import { checkInteger } from './validate';

const UNITS = ['KB', 'MB', 'GB', 'TB'];

/** 2048 (kB) → "2MB": the kernel's own naming of hugetlb.<size>.* files. */
export function hugepageSizeName(kilobytes: number): string {
  let value = kilobytes;
  let unit = 0;
  while (value >= 1024 && value % 1024 === 0 && unit < UNITS.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value}${UNITS[unit]}`;
}

export function supportedHugepageSizes(sysfs = '/sys/kernel/mm/hugepages'): string[] {
  let entries: string[];
  try {
    entries = readdirSync(sysfs);
  } catch {
    return [];
  }
  return entries
    .map((entry) => /^hugepages-(\d+)kB$/.exec(entry))
    .filter((match): match is RegExpExecArray => match !== null)
    .map((match) => hugepageSizeName(Number(match[1])));
}

/** Validates hugepageLimits against the sizes the host has; returns them with checked limits. */
export function checkHugepageLimits(limits: LinuxHugepageLimit[], available: string[]): LinuxHugepageLimit[] {
  return limits.map((entry, i) => {
    const field = resourceField(`hugepageLimits[${i}]`);
    if (typeof entry.pageSize !== 'string' || !/^\d+[KMGT]B$/.test(entry.pageSize)) {
      throw new CgroupInvalidArgumentError(
        `${field}.pageSize: ${JSON.stringify(entry.pageSize)} is not a size such as "2MB"`,
        `${field}.pageSize`,
      );
    }
    if (!available.includes(entry.pageSize)) {
      throw new CgroupUnsupportedError(
        `${field}.pageSize: this host has no ${entry.pageSize} huge pages (it has ${available.join(', ') || 'none'})`,
        `${field}.pageSize`,
      );
    }
    checkInteger(entry.limit, `${field}.limit`, { min: 0 });
    return entry;
  });
}
