// The v1 cgroup manager against this machine's real cgroup v1 hierarchies (cpu, cpuacct, cpuset,
// memory, devices, freezer, blkio, pids). Needs root; every cgroup is removed in afterAll.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  CgroupInvalidArgumentError,
  CgroupManager,
  CgroupUnsupportedError,
  createCgroupManager,
  watchOom,
  detectCgroupLayout,
  type CgroupLayout,
} from '../../src/cgroups';
import {
  eventually,
  isRoot,
  killAndReap,
  processState,
  removeCgroupDirs,
  spawnSleeper,
  spawnWaiting,
  uniqueName,
} from './helpers';

const layout: CgroupLayout | undefined = isRoot() ? detectCgroupLayout() : undefined;
const hasV1Memory = layout !== undefined && layout.kind !== 'v2' && 'memory' in layout.v1;
const describeV1 = hasV1Memory ? describe : describe.skip;

describeV1('cgroup v1 manager on the real kernel', () => {
  const created = new Set<string>();
  const children: ReturnType<typeof spawnSleeper>[] = [];
  const name = uniqueName('berth-cgtest');

  function track(manager: CgroupManager): CgroupManager {
    for (const dir of Object.values(manager.paths())) created.add(dir);
    return manager;
  }

  function sleeper(): ReturnType<typeof spawnSleeper> {
    const child = spawnSleeper();
    children.push(child);
    return child;
  }

  // Joins the cgroup, then execs: its new pages are charged to the cgroup.
  async function chargedProcess(manager: CgroupManager): Promise<number> {
    const child = spawnWaiting();
    children.push(child);
    manager.apply(child.pid);
    child.go();
    // Asleep in the exec'd sleep: everything it ran so far has been accounted to the cgroup.
    await eventually(
      () =>
        fs.readFileSync(`/proc/${child.pid}/cmdline`, 'utf8').startsWith('sleep') &&
        processState(child.pid).startsWith('S'),
    );
    return child.pid;
  }

  afterAll(async () => {
    for (const child of children) await killAndReap(child);
    removeCgroupDirs(created);
    // The absolute-path tests create a parent of their own under each hierarchy.
    const mounts = [...Object.values(layout!.v1), ...(layout!.unified ? [layout!.unified] : [])];
    removeCgroupDirs(mounts.map((h) => path.join(h.mountPoint, name)));
  });

  it('detects a v1 or hybrid layout with the controllers mounted here', () => {
    expect(['v1', 'hybrid']).toContain(layout!.kind);
    expect(layout!.v1.memory!.mountPoint).toBe('/sys/fs/cgroup/memory');
  });

  it('creates the cgroup in every hierarchy, moves a process in and lists it', () => {
    const manager = track(createCgroupManager({ id: 'c1', cgroupsPath: `/${name}/join`, layout: layout! }));
    const child = sleeper();
    manager.apply(child.pid);
    for (const [controller, dir] of Object.entries(manager.paths())) {
      expect(fs.existsSync(dir)).toBe(true);
      if (controller !== '') expect(dir).toBe(path.join(layout!.v1[controller]!.mountPoint, name, 'join'));
    }
    expect(manager.getPids()).toEqual([child.pid]);
    const procCgroup = fs.readFileSync(`/proc/${child.pid}/cgroup`, 'utf8');
    expect(procCgroup).toMatch(new RegExp(`:memory:/${name}/join$`, 'm'));
    expect(procCgroup).toMatch(new RegExp(`:pids:/${name}/join$`, 'm'));
  });

  it('writes memory, pids, cpu and cpuset limits the kernel reads back', () => {
    const manager = track(createCgroupManager({ id: 'c2', cgroupsPath: `/${name}/limits`, layout: layout! }));
    const child = sleeper();
    manager.apply(child.pid);
    manager.set({
      memory: {
        limit: 64 * 1024 * 1024,
        reservation: 32 * 1024 * 1024,
        swappiness: 10,
        disableOOMKiller: false,
      },
      pids: { limit: 42 },
      cpu: { shares: 512, quota: 50000, period: 100000, cpus: '0', mems: '0' },
    });
    const read = (controller: string, file: string): string =>
      fs.readFileSync(path.join(manager.paths()[controller]!, file), 'utf8').trim();
    expect(read('memory', 'memory.limit_in_bytes')).toBe(String(64 * 1024 * 1024));
    expect(read('memory', 'memory.soft_limit_in_bytes')).toBe(String(32 * 1024 * 1024));
    expect(read('memory', 'memory.swappiness')).toBe('10');
    expect(read('pids', 'pids.max')).toBe('42');
    expect(read('cpu', 'cpu.shares')).toBe('512');
    expect(read('cpu', 'cpu.cfs_quota_us')).toBe('50000');
    expect(read('cpu', 'cpu.cfs_period_us')).toBe('100000');
    expect(read('cpuset', 'cpuset.cpus')).toBe('0');

    // An update can lower the period below the current one together with the quota.
    manager.set({ cpu: { quota: 5000, period: 10000 }, pids: { limit: -1 }, memory: { limit: -1 } });
    expect(read('cpu', 'cpu.cfs_period_us')).toBe('10000');
    expect(read('cpu', 'cpu.cfs_quota_us')).toBe('5000');
    expect(read('pids', 'pids.max')).toBe('max');
    expect(Number(read('memory', 'memory.limit_in_bytes'))).toBeGreaterThan(2 ** 62);
  });

  it('reports stats of the processes inside', async () => {
    const manager = track(createCgroupManager({ id: 'c3', cgroupsPath: `/${name}/stats`, layout: layout! }));
    await chargedProcess(manager);
    manager.set({ pids: { limit: 10 }, memory: { limit: 128 * 1024 * 1024 } });
    const stats = manager.getStats();
    expect(stats.pids).toEqual({ current: 1, limit: 10 });
    expect(stats.memory.usage.limit).toBe(128 * 1024 * 1024);
    expect(stats.memory.usage.usage).toBeGreaterThan(0);
    expect(stats.memory.raw).toHaveProperty('rss');
    expect(stats.memory.oomKill).toBe(0);
    expect(stats.cpu.usage.total).toBeGreaterThan(0);
    expect(stats.cpu.usage.percpu?.length).toBeGreaterThan(0);
    expect(Array.isArray(stats.blkio.ioServiceBytesRecursive)).toBe(true);
  });

  it('freezes and thaws a real process', async () => {
    const manager = track(createCgroupManager({ id: 'c4', cgroupsPath: `/${name}/freeze`, layout: layout! }));
    const child = sleeper();
    manager.apply(child.pid);
    expect(manager.getFreezerState()).toBe('THAWED');
    manager.freeze();
    expect(manager.getFreezerState()).toBe('FROZEN');
    // A task in the v1 freezer's refrigerator shows as uninterruptible sleep.
    expect(processState(child.pid)).toMatch(/^D /);
    manager.thaw();
    expect(manager.getFreezerState()).toBe('THAWED');
    // Woken, it runs briefly before sleeping again.
    await eventually(() => processState(child.pid).startsWith('S '));
  });

  it('applies device rules in order, later rules winning', () => {
    const manager = track(
      createCgroupManager({ id: 'c5', cgroupsPath: `/${name}/devices`, layout: layout! }),
    );
    manager.set({
      devices: [
        { allow: false, access: 'rwm' },
        { allow: true, type: 'c', major: 1, minor: 3, access: 'rwm' },
        { allow: true, type: 'c', major: 136, access: 'rw' },
        { allow: false, type: 'c', major: 1, minor: 3, access: 'w' },
      ],
    });
    const list = fs
      .readFileSync(path.join(manager.paths().devices!, 'devices.list'), 'utf8')
      .trim()
      .split('\n');
    expect(list).toEqual(expect.arrayContaining(['c 1:3 rm', 'c 136:* rw']));
    expect(list).not.toContain('a *:* rwm');

    // Re-applying (runc update) reaches the new list through differences only.
    manager.set({
      devices: [
        { allow: false, access: 'rwm' },
        { allow: true, type: 'c', major: 1, minor: 3, access: 'rwm' },
        { allow: true, type: 'c', major: 1, minor: 9, access: 'r' },
      ],
    });
    const updated = fs
      .readFileSync(path.join(manager.paths().devices!, 'devices.list'), 'utf8')
      .trim()
      .split('\n');
    expect(updated.sort()).toEqual(['c 1:3 rwm', 'c 1:9 r']);
  });

  it('rebuilds the manager from saved paths and destroys every directory', () => {
    const first = track(createCgroupManager({ id: 'c6', cgroupsPath: `/${name}/reload`, layout: layout! }));
    first.create();
    const loaded = CgroupManager.load(first.paths());
    expect(loaded.paths()).toEqual(first.paths());
    expect(loaded.exists()).toBe(true);
    loaded.set({ pids: { limit: 7 } });
    expect(fs.readFileSync(path.join(first.paths().pids!, 'pids.max'), 'utf8').trim()).toBe('7');
    loaded.destroy();
    for (const dir of Object.values(first.paths())) expect(fs.existsSync(dir)).toBe(false);
    expect(loaded.exists()).toBe(false);
  });

  it('destroy removes sub-cgroups the container made and retries while the last task drains', async () => {
    const manager = track(
      createCgroupManager({ id: 'c7', cgroupsPath: `/${name}/destroy`, layout: layout! }),
    );
    const child = sleeper();
    manager.apply(child.pid);
    fs.mkdirSync(path.join(manager.paths().memory!, 'inner'));
    await killAndReap(child);
    manager.destroy();
    for (const dir of Object.values(manager.paths())) expect(fs.existsSync(dir)).toBe(false);
  });

  it("puts a relative cgroupsPath under the runtime process's own cgroup", () => {
    const manager = track(createCgroupManager({ id: 'c8', cgroupsPath: `${name}-rel`, layout: layout! }));
    const own = fs.readFileSync('/proc/self/cgroup', 'utf8').match(/^\d+:memory:(.*)$/m)![1]!;
    expect(manager.paths().memory).toBe(path.join('/sys/fs/cgroup/memory', own, `${name}-rel`));
    manager.create();
    expect(fs.existsSync(manager.paths().memory!)).toBe(true);
    manager.destroy();
  });

  it('names the field when the kernel or the checks refuse a value', () => {
    const manager = track(createCgroupManager({ id: 'c9', cgroupsPath: `/${name}/bad`, layout: layout! }));
    expect(() => manager.set({ memory: { swappiness: 101 } })).toThrow(CgroupInvalidArgumentError);
    expect(() => manager.set({ memory: { swappiness: 101 } })).toThrow(
      /linux\.resources\.memory\.swappiness/,
    );
    expect(() => manager.set({ cpu: { shares: 1_000_000 } })).toThrow(
      /linux\.resources\.cpu\.shares: .*range/,
    );
    expect(() => manager.set({ cpu: { cpus: '0-' } })).toThrow(/linux\.resources\.cpu\.cpus/);
    expect(() => manager.set({ hugepageLimits: [{ pageSize: '3MB', limit: 1 }] })).toThrow(
      /hugepageLimits\[0\]\.pageSize/,
    );
    if (!('net_cls' in layout!.v1)) {
      expect(() => manager.set({ network: { classID: 1 } })).toThrow(CgroupUnsupportedError);
    }
    if (layout!.kind === 'v1') {
      expect(() => manager.set({ unified: { 'memory.max': '1' } })).toThrow(/linux\.resources\.unified/);
    }
  });

  it('memory.checkBeforeUpdate refuses a limit below current usage', async () => {
    const manager = track(createCgroupManager({ id: 'c10', cgroupsPath: `/${name}/check`, layout: layout! }));
    await chargedProcess(manager);
    const usage = manager.getStats().memory.usage.usage;
    expect(usage).toBeGreaterThan(4096);
    expect(() => manager.set({ memory: { limit: 4096, checkBeforeUpdate: true } })).toThrow(
      /below the current usage/,
    );
  });

  it('counts an OOM kill and reports it to watchOom', async () => {
    const manager = track(createCgroupManager({ id: 'c11', cgroupsPath: `/${name}/oom`, layout: layout! }));
    const limit = 16 * 1024 * 1024;
    manager.create();
    manager.set({ memory: { limit, swap: limit } });
    const kills: number[] = [];
    const stop = watchOom(manager, (count) => kills.push(count), 10);
    try {
      // dd fills a 64 MiB buffer from /dev/zero: four times the limit, so the OOM killer must act.
      const child = spawn('sh', ['-c', 'read go; exec dd if=/dev/zero of=/dev/null bs=64M count=1'], {
        stdio: ['pipe', 'ignore', 'ignore'],
      });
      children.push(child as ReturnType<typeof spawnSleeper>);
      manager.apply(child.pid!);
      const exited = new Promise<string | null>((resolve) =>
        child.once('exit', (_code, signal) => resolve(signal)),
      );
      child.stdin!.write('go\n');
      expect(await exited).toBe('SIGKILL');
      await eventually(() => kills.length > 0);
    } finally {
      stop();
    }
    expect(kills.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(1);
    expect(manager.getStats().memory.oomKill).toBeGreaterThanOrEqual(1);
  });
});
