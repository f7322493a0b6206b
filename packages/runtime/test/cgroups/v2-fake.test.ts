// The cgroup v2 manager against a FAKE cgroupfs tree (see fake-cgroupfs.ts for what it can and cannot
// do). This host cannot enable any v2 controller but hugetlb, so the v2 conversions and files are
// checked here; the real cgroup2 mount is exercised in cgroup2-real.test.ts.
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  CgroupInvalidArgumentError,
  CgroupManager,
  CgroupUnsupportedError,
  createCgroupManager,
  detectCgroupLayout,
  type CgroupLayout,
  type DeviceProgram,
} from '../../src/cgroups';
import { type FakeCgroupfs, createFakeCgroup2, fakeCgroup, readFake } from './fake-cgroupfs';

describe('cgroup v2 manager on a fake cgroupfs tree', () => {
  let fake: FakeCgroupfs;
  let layout: CgroupLayout;

  beforeEach(() => {
    fake = createFakeCgroup2();
    layout = detectCgroupLayout(fake.root, {
      mountinfo: fake.mountinfo,
      procCgroup: '0::/user.slice/session-1.scope\n',
    });
  });

  afterEach(() => fake.remove());

  function manager(
    cgroupsPath: string,
    extra: Partial<Parameters<typeof createCgroupManager>[0]> = {},
  ): CgroupManager {
    return createCgroupManager({ id: 'ctr', cgroupsPath, layout, ...extra });
  }

  it('detects the fake mount as a pure v2 layout', () => {
    expect(layout.kind).toBe('v2');
    expect(layout.unified?.mountPoint).toBe(fake.root);
    expect(layout.unified?.controllers).toEqual(['cpuset', 'cpu', 'io', 'memory', 'hugetlb', 'pids', 'rdma']);
    expect(layout.v1).toEqual({});
  });

  it("places absolute paths at the root and relative ones beside the runtime's own cgroup", () => {
    expect(manager('/berth/abc').paths()).toEqual({ '': path.join(fake.root, 'berth/abc') });
    // Our own cgroup holds processes, so a relative path goes under its parent, as runc does.
    expect(manager('abc').paths()).toEqual({ '': path.join(fake.root, 'user.slice/abc') });
    expect(createCgroupManager({ id: 'ctr', layout }).paths()).toEqual({
      '': path.join(fake.root, 'user.slice/ctr'),
    });
    expect(manager('../../escape').paths()).toEqual({ '': path.join(fake.root, 'user.slice/escape') });
  });

  it('enables controllers in the ancestors and joins the process', () => {
    const dir = fakeCgroup(fake.root, 'berth/abc');
    manager('/berth/abc').apply(4242);
    expect(readFake(dir, 'cgroup.procs')).toBe('4242');
    // Each controller is enabled with its own "+name" write; the fake keeps the last one.
    expect(readFake(fake.root, 'cgroup.subtree_control')).toMatch(/^\+\w+$/);
    expect(readFake(path.join(fake.root, 'berth'), 'cgroup.subtree_control')).toMatch(/^\+\w+$/);
  });

  it('converts memory limits: memory.max, memory.low and swap as memsw minus memory', () => {
    const dir = fakeCgroup(fake.root, 'm');
    manager('/m').set({
      memory: { limit: 256 * 1024 * 1024, reservation: 128 * 1024 * 1024, swap: 384 * 1024 * 1024 },
    });
    expect(readFake(dir, 'memory.max')).toBe(String(256 * 1024 * 1024));
    expect(readFake(dir, 'memory.low')).toBe(String(128 * 1024 * 1024));
    expect(readFake(dir, 'memory.swap.max')).toBe(String(128 * 1024 * 1024));
    manager('/m').set({ memory: { limit: -1 } });
    expect(readFake(dir, 'memory.max')).toBe('max');
    expect(readFake(dir, 'memory.swap.max')).toBe('max');
  });

  it('refuses v1-only memory knobs with the field named', () => {
    fakeCgroup(fake.root, 'm');
    for (const [memory, field] of [
      [{ swappiness: 10 }, 'swappiness'],
      [{ kernelTCP: 1 << 20 }, 'kernelTCP'],
      [{ disableOOMKiller: true }, 'disableOOMKiller'],
    ] as const) {
      expect(() => manager('/m').set({ memory })).toThrow(CgroupUnsupportedError);
      expect(() => manager('/m').set({ memory })).toThrow(`linux.resources.memory.${field}`);
    }
    expect(() => manager('/m').set({ memory: { limit: 100, swap: 50 } })).toThrow(CgroupInvalidArgumentError);
  });

  it('converts cpu: shares to weight, quota/period to cpu.max, burst and idle', () => {
    const dir = fakeCgroup(fake.root, 'c');
    manager('/c').set({
      cpu: { shares: 1024, quota: 50000, period: 100000, burst: 1000, idle: 0, cpus: '0-1', mems: '0' },
    });
    expect(readFake(dir, 'cpu.weight')).toBe('39');
    expect(readFake(dir, 'cpu.max')).toBe('50000 100000');
    expect(readFake(dir, 'cpu.max.burst')).toBe('1000');
    expect(readFake(dir, 'cpu.idle')).toBe('0');
    expect(readFake(dir, 'cpuset.cpus')).toBe('0-1');
    expect(readFake(dir, 'cpuset.mems')).toBe('0');
    // Only the period: the quota stays.
    manager('/c').set({ cpu: { period: 200000 } });
    expect(readFake(dir, 'cpu.max')).toBe('50000 200000');
    manager('/c').set({ cpu: { quota: -1 } });
    expect(readFake(dir, 'cpu.max')).toBe('max 200000');
    expect(() => manager('/c').set({ cpu: { realtimeRuntime: 1000 } })).toThrow(
      /realtimeRuntime: cgroup v2 has no real-time/,
    );
  });

  it('writes pids.max, io weights and io.max throttles, rdma.max and hugetlb limits', () => {
    const dir = fakeCgroup(fake.root, 'x');
    const m = manager('/x');
    m.set({ pids: { limit: 100 } });
    expect(readFake(dir, 'pids.max')).toBe('100');
    m.set({ blockIO: { weight: 500 } });
    expect(readFake(dir, 'io.weight')).toBe(`default ${1 + Math.floor((490 * 9999) / 990)}`);
    m.set({ blockIO: { throttleReadBpsDevice: [{ major: 8, minor: 0, rate: 1048576 }] } });
    expect(readFake(dir, 'io.max')).toBe('8:0 rbps=1048576');
    m.set({ blockIO: { throttleWriteIOPSDevice: [{ major: 8, minor: 16, rate: 0 }] } });
    expect(readFake(dir, 'io.max')).toBe('8:16 wiops=max');
    expect(() => m.set({ blockIO: { leafWeight: 100 } })).toThrow(
      /leafWeight: cgroup v2 has no leaf weights/,
    );
    m.set({ rdma: { mlx5_0: { hcaHandles: 3, hcaObjects: 1000 } } });
    expect(readFake(dir, 'rdma.max')).toBe('mlx5_0 hca_handle=3 hca_object=1000');
    m.set({ hugepageLimits: [{ pageSize: '2MB', limit: 4 * 2 * 1024 * 1024 }] });
    expect(readFake(dir, 'hugetlb.2MB.max')).toBe(String(8 * 1024 * 1024));
    expect(readFake(dir, 'hugetlb.2MB.rsvd.max')).toBe(String(8 * 1024 * 1024));
  });

  it('writes unified keys last, and refuses bad or unavailable ones', () => {
    const dir = fakeCgroup(fake.root, 'u');
    const m = manager('/u');
    m.set({ memory: { limit: 1 << 20 }, unified: { 'memory.max': '2097152', 'memory.high': '1048576' } });
    expect(readFake(dir, 'memory.max')).toBe('2097152');
    expect(readFake(dir, 'memory.high')).toBe('1048576');
    expect(() => m.set({ unified: { '../memory.max': '1' } })).toThrow(CgroupInvalidArgumentError);
    expect(() => m.set({ unified: { 'a/b': '1' } })).toThrow(/not a cgroup interface file name/);
    expect(() => m.set({ unified: { 'cgroup.procs': '1' } })).toThrow(/not a resource setting/);
    expect(() => m.set({ unified: { 'misc.max': 'x 1' } })).toThrow(/controller "misc" is not available/);
  });

  it('hands device rules to the injected eBPF loader, and refuses them without one', () => {
    const dir = fakeCgroup(fake.root, 'd');
    const loaded: Array<{ dir: string; program: DeviceProgram }> = [];
    const m = manager('/d', {
      loadDeviceProgram: (target, program) => loaded.push({ dir: target, program }),
    });
    m.set({
      devices: [
        { allow: false, access: 'rwm' },
        { allow: true, type: 'c', major: 1, minor: 3, access: 'rwm' },
      ],
    });
    expect(loaded).toHaveLength(1);
    expect(loaded[0]!.dir).toBe(dir);
    expect(loaded[0]!.program.insns.length).toBe(loaded[0]!.program.length * 8);
    expect(() => manager('/d').set({ devices: [{ allow: false, access: 'rwm' }] })).toThrow(
      /need an eBPF program loader/,
    );
  });

  it('changes nothing when any part of a request is refused', () => {
    const dir = fakeCgroup(fake.root, 'atomic');
    const refused = { pids: { limit: 5 }, cpu: { shares: 512 }, memory: { swappiness: 10 } };
    expect(() => manager('/atomic').set(refused)).toThrow('linux.resources.memory.swappiness');
    expect(readFake(dir, 'pids.max')).toBe('max');
    expect(readFake(dir, 'cpu.weight')).toBe('100');
  });

  it("reads stats from the v2 files in runc's units", () => {
    const dir = fakeCgroup(fake.root, 's');
    fs.writeFileSync(
      path.join(dir, 'cpu.stat'),
      'usage_usec 1500\nuser_usec 1000\nsystem_usec 500\nnr_periods 4\nnr_throttled 1\nthrottled_usec 20\n',
    );
    fs.writeFileSync(path.join(dir, 'memory.current'), '4096\n');
    fs.writeFileSync(path.join(dir, 'memory.max'), '8192\n');
    fs.writeFileSync(
      path.join(dir, 'memory.events'),
      'low 0\nhigh 0\nmax 3\noom 2\noom_kill 1\noom_group_kill 0\n',
    );
    fs.writeFileSync(path.join(dir, 'pids.current'), '3\n');
    fs.writeFileSync(path.join(dir, 'io.stat'), '8:0 rbytes=100 wbytes=200 rios=1 wios=2 dbytes=0 dios=0\n');
    fs.writeFileSync(path.join(dir, 'hugetlb.2MB.current'), '2097152\n');
    const stats = manager('/s').getStats();
    expect(stats.cpu.usage).toEqual({ total: 1_500_000, user: 1_000_000, kernel: 500_000 });
    expect(stats.cpu.throttling).toEqual({ periods: 4, throttledPeriods: 1, throttledTime: 20_000 });
    expect(stats.memory.usage).toEqual({ usage: 4096, limit: 8192, max: 0, failcnt: 3 });
    expect(stats.memory.oomKill).toBe(1);
    expect(stats.memory.oomEvents).toBe(2);
    expect(stats.pids).toEqual({ current: 3, limit: 0 });
    expect(stats.blkio.ioServiceBytesRecursive).toEqual([
      { major: 8, minor: 0, op: 'Read', value: 100 },
      { major: 8, minor: 0, op: 'Write', value: 200 },
      { major: 8, minor: 0, op: 'Discard', value: 0 },
    ]);
    expect(stats.hugetlb['2MB']).toEqual({ usage: 2097152, max: 0, failcnt: 0 });
  });

  it('reports freezer state from cgroup.freeze and cgroup.events', () => {
    const dir = fakeCgroup(fake.root, 'f');
    const m = manager('/f');
    expect(m.getFreezerState()).toBe('THAWED');
    fs.writeFileSync(path.join(dir, 'cgroup.freeze'), '1\n');
    expect(m.getFreezerState()).toBe('FREEZING');
    fs.writeFileSync(path.join(dir, 'cgroup.events'), 'populated 1\nfrozen 1\n');
    expect(m.getFreezerState()).toBe('FROZEN');
  });

  it('rebuilds from saved paths, reading the controllers the directory offers', () => {
    const dir = fakeCgroup(fake.root, 'r', ['memory', 'pids']);
    const loaded = CgroupManager.load({ '': dir });
    expect(loaded.kind).toBe('v2');
    loaded.set({ pids: { limit: 9 } });
    expect(readFake(dir, 'pids.max')).toBe('9');
    expect(() => loaded.set({ cpu: { shares: 100 } })).toThrow(/linux\.resources\.cpu: no cgroup controller/);
  });
});
