import { memoryMounts } from './memory-cgroup';

describe('memoryMounts', () => {
  it('finds the v1 memory hierarchy and the v2 mount in mountinfo', () => {
    const mountinfo = [
      '30 25 0:26 / /sys/fs/cgroup rw,relatime shared:4 - tmpfs tmpfs rw,mode=755',
      '35 30 0:31 / /sys/fs/cgroup/memory rw,relatime shared:9 - cgroup cgroup rw,memory',
      '36 30 0:32 / /sys/fs/cgroup/cpu rw,relatime shared:10 - cgroup cgroup rw,cpu',
      '37 30 0:33 /nested /sys/fs/cgroup/unified rw,relatime shared:11 - cgroup2 cgroup2 rw',
    ].join('\n');
    expect(memoryMounts(mountinfo)).toEqual([
      { point: '/sys/fs/cgroup/memory', root: '/', version: 1 },
      { point: '/sys/fs/cgroup/unified', root: '/nested', version: 2 },
    ]);
  });
});
