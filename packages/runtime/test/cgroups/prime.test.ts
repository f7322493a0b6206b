// primeCgroupMigration: a move of this process into the cgroup it is in, which changes nothing.
import { readFileSync } from 'node:fs';
import { detectCgroupLayout } from '../../src/cgroups/layout';
import { primeCgroupMigration } from '../../src/cgroups/prime';

describe('primeCgroupMigration', () => {
  it('leaves this process in its own cgroups', async () => {
    const before = readFileSync('/proc/self/cgroup', 'utf8');
    await primeCgroupMigration(detectCgroupLayout());
    expect(readFileSync('/proc/self/cgroup', 'utf8')).toBe(before);
  });

  it('never fails, even where it cannot write', async () => {
    const layout = detectCgroupLayout();
    const nowhere = {
      ...layout,
      v1: {},
      unified: { mountPoint: '/nonexistent', root: '/', controllers: [] },
    };
    await expect(primeCgroupMigration(nowhere)).resolves.toBeUndefined();
  });
});
