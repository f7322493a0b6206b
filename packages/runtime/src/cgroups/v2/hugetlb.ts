// cgroup v2 hugetlb controller: hugetlb.<size>.max, and .rsvd.max where the kernel has reservation
// accounting (so a limit also holds for pages reserved by mmap but not yet faulted in).
import {
  formatInteger,
  hasCgroupFile,
  readFlatKeyed,
  readOptionalCgroupNumber,
  writeCgroupFile,
} from '../cgroupfs';
import { type Controller, resourceField } from '../controller';
import { checkHugepageLimits, supportedHugepageSizes } from '../hugepage-sizes';
import type { LinuxResources } from '../spec-types';
import type { CgroupStats } from '../stats';

export function v2Hugetlb(sizes: string[] = supportedHugepageSizes()): Controller {
  return {
    name: 'hugetlb',
    version: 2,
    handles: ['hugepageLimits'],

    check(resources: LinuxResources): void {
      checkHugepageLimits(resources.hugepageLimits ?? [], sizes);
    },

    set(dir: string, resources: LinuxResources): void {
      checkHugepageLimits(resources.hugepageLimits ?? [], sizes).forEach((entry, i) => {
        const field = resourceField(`hugepageLimits[${i}].limit`);
        const value = formatInteger(entry.limit, field);
        writeCgroupFile(dir, `hugetlb.${entry.pageSize}.max`, value, field);
        const reserved = `hugetlb.${entry.pageSize}.rsvd.max`;
        if (hasCgroupFile(dir, reserved)) writeCgroupFile(dir, reserved, value, field);
      });
    },

    stats(dir: string, stats: CgroupStats): void {
      for (const size of sizes) {
        stats.hugetlb[size] = {
          usage: readOptionalCgroupNumber(dir, `hugetlb.${size}.current`) ?? 0,
          max: 0,
          failcnt: readFlatKeyed(dir, `hugetlb.${size}.events`).get('max') ?? 0,
        };
      }
    },
  };
}
