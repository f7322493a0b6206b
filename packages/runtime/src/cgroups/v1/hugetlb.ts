// cgroup v1 hugetlb controller: hugetlb.<size>.limit_in_bytes per page size.
import { formatInteger, readOptionalCgroupNumber, writeCgroupFile } from '../cgroupfs';
import { type Controller, resourceField } from '../controller';
import { checkHugepageLimits, supportedHugepageSizes } from '../hugepage-sizes';
import type { LinuxResources } from '../spec-types';
import type { CgroupStats } from '../stats';

export function v1Hugetlb(sizes: string[] = supportedHugepageSizes()): Controller {
  return {
    name: 'hugetlb',
    version: 1,
    handles: ['hugepageLimits'],

    check(resources: LinuxResources): void {
      checkHugepageLimits(resources.hugepageLimits ?? [], sizes);
    },

    set(dir: string, resources: LinuxResources): void {
      checkHugepageLimits(resources.hugepageLimits ?? [], sizes).forEach((entry, i) => {
        const field = resourceField(`hugepageLimits[${i}].limit`);
        writeCgroupFile(
          dir,
          `hugetlb.${entry.pageSize}.limit_in_bytes`,
          formatInteger(entry.limit, field),
          field,
        );
      });
    },

    stats(dir: string, stats: CgroupStats): void {
      for (const size of sizes) {
        stats.hugetlb[size] = {
          usage: readOptionalCgroupNumber(dir, `hugetlb.${size}.usage_in_bytes`) ?? 0,
          max: readOptionalCgroupNumber(dir, `hugetlb.${size}.max_usage_in_bytes`) ?? 0,
          failcnt: readOptionalCgroupNumber(dir, `hugetlb.${size}.failcnt`) ?? 0,
        };
      }
    },
  };
}
