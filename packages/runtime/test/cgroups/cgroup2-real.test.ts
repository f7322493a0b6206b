// This host's real cgroup2 mount (/sys/fs/cgroup/unified), which holds hugetlb and nothing else, and
// whose core files (cgroup.procs, cgroup.freeze, cgroup.events) work like on any v2 host. Tests the
// hybrid manager's cgroup2 half and the v2 manager's non-controller half on the real kernel.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createCgroupManager, detectCgroupLayout, type CgroupLayout } from '../../src/cgroups';
import { eventually, isRoot, killAndReap, removeCgroupDirs, spawnSleeper, uniqueName } from './helpers';

const detected: CgroupLayout | undefined = isRoot() ? detectCgroupLayout() : undefined;
const unified = detected?.unified;
const describeHybrid = detected?.kind === 'hybrid' && unified ? describe : describe.skip;
const hasHugetlb = unified?.controllers.includes('hugetlb') && !('hugetlb' in (detected?.v1 ?? {}));

describeHybrid('cgroup2 mount of a hybrid host, on the real kernel', () => {
  const name = uniqueName('berth-cg2test');
  const children: ReturnType<typeof spawnSleeper>[] = [];

  function sleeper(): ReturnType<typeof spawnSleeper> {
    const child = spawnSleeper();
    children.push(child);
    return child;
  }

  afterAll(async () => {
    for (const child of children) await killAndReap(child);
    const mounts = [...Object.values(detected!.v1), unified!];
    removeCgroupDirs(mounts.map((h) => path.join(h.mountPoint, name)));
  });

  (hasHugetlb ? it : it.skip)('the hybrid manager puts hugepage limits in the cgroup2 hugetlb files', () => {
    const manager = createCgroupManager({ id: 'h1', cgroupsPath: `/${name}/hybrid`, layout: detected! });
    const child = sleeper();
    manager.apply(child.pid);
    const v2Dir = manager.paths()['']!;
    expect(v2Dir).toBe(path.join(unified!.mountPoint, name, 'hybrid'));
    expect(fs.readFileSync(`/proc/${child.pid}/cgroup`, 'utf8')).toMatch(
      new RegExp(`^0::/${name}/hybrid$`, 'm'),
    );
    manager.set({ hugepageLimits: [{ pageSize: '2MB', limit: 8 * 1024 * 1024 }] });
    expect(fs.readFileSync(path.join(v2Dir, 'hugetlb.2MB.max'), 'utf8').trim()).toBe(String(8 * 1024 * 1024));
    expect(fs.readFileSync(path.join(v2Dir, 'hugetlb.2MB.rsvd.max'), 'utf8').trim()).toBe(
      String(8 * 1024 * 1024),
    );
    expect(manager.getStats().hugetlb['2MB']).toEqual({ usage: 0, max: 0, failcnt: 0 });
    // The unified map may use what cgroup2 holds here, and nothing that lives in v1.
    manager.set({ unified: { 'hugetlb.1GB.max': '0' } });
    expect(fs.readFileSync(path.join(v2Dir, 'hugetlb.1GB.max'), 'utf8').trim()).toBe('0');
    expect(() => manager.set({ unified: { 'memory.max': '1' } })).toThrow(
      /controller "memory" is not available/,
    );
  });

  it('the v2 manager joins, lists, freezes and thaws a real process through cgroup.freeze', () => {
    const v2Only: CgroupLayout = { ...detected!, kind: 'v2', v1: {} };
    const manager = createCgroupManager({ id: 'h2', cgroupsPath: `/${name}/v2`, layout: v2Only });
    const child = sleeper();
    manager.apply(child.pid);
    const dir = manager.paths()['']!;
    expect(manager.getPids()).toEqual([child.pid]);
    fs.mkdirSync(path.join(dir, 'nested'));
    expect(manager.getPids(true)).toEqual([child.pid]);
    manager.freeze();
    expect(manager.getFreezerState()).toBe('FROZEN');
    expect(fs.readFileSync(path.join(dir, 'cgroup.events'), 'utf8')).toMatch(/^frozen 1$/m);
    manager.thaw();
    expect(manager.getFreezerState()).toBe('THAWED');
    expect(manager.getStats().cpu.usage.total).toBeGreaterThanOrEqual(0);
  });

  it('destroy waits for the cgroup to empty and removes it', async () => {
    const v2Only: CgroupLayout = { ...detected!, kind: 'v2', v1: {} };
    const manager = createCgroupManager({ id: 'h3', cgroupsPath: `/${name}/gone`, layout: v2Only });
    const child = sleeper();
    manager.apply(child.pid);
    await killAndReap(child);
    await eventually(
      () => !/populated 1/.test(fs.readFileSync(path.join(manager.paths()['']!, 'cgroup.events'), 'utf8')),
    );
    manager.destroy();
    expect(manager.exists()).toBe(false);
  });
});
