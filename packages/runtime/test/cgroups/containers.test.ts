// Cgroups of real containers made by the runtime binary (BERTH_RUNTIME_BIN may name runc or crun for
// parity): limits reach the kernel, pause/resume freezes, update changes limits, delete removes the
// cgroups, and a refused resource leaves nothing behind. Reads the kernel's files from the host.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Harness } from '../conformance/support/harness';
import { IS_BERTH } from '../conformance/support/runtime-bin';
import { detectCgroupLayout, type CgroupLayout } from '../../src/cgroups';
import { eventually, isRoot, processState, removeCgroupDirs, uniqueName } from './helpers';

const layout: CgroupLayout | undefined = isRoot() ? detectCgroupLayout() : undefined;
const describeV1 = layout && layout.kind !== 'v2' && 'memory' in layout.v1 ? describe : describe.skip;

describeV1('cgroups of real containers', () => {
  const h = new Harness('cgroups');
  const base = uniqueName('berth-cgconf');
  let counter = 0;

  afterEach(() => h.cleanup());
  afterAll(async () => {
    try {
      await h.dispose();
    } finally {
      removeCgroupTree();
    }
  });

  function removeCgroupTree(): void {
    const mounts = [...Object.values(layout!.v1), ...(layout!.unified ? [layout!.unified] : [])];
    removeCgroupDirs(mounts.map((m) => path.join(m.mountPoint, base)));
  }

  function cgroupsPath(): string {
    return `/${base}/c${++counter}`;
  }

  function read(controller: string, cgroupPath: string, file: string): string {
    return fs.readFileSync(path.join(layout!.v1[controller]!.mountPoint, cgroupPath, file), 'utf8').trim();
  }

  async function createWith(
    resources: Record<string, unknown>,
    cgroup: string,
  ): Promise<{ id: string; pid: number }> {
    const bundle = await h.bundle(['sleep', '1000'], (spec) => {
      spec.linux.cgroupsPath = cgroup;
      spec.linux.resources = { ...spec.linux.resources, ...resources };
    });
    const { id, result } = h.create(bundle);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    return { id, pid: h.state(id).pid };
  }

  it('puts the container in its cgroupsPath with the limits of config.json, and delete removes it', async () => {
    const cgroup = cgroupsPath();
    const { id, pid } = await createWith(
      { memory: { limit: 64 * 1024 * 1024 }, pids: { limit: 50 }, cpu: { shares: 256 } },
      cgroup,
    );
    expect(fs.readFileSync(`/proc/${pid}/cgroup`, 'utf8')).toMatch(
      new RegExp(`^\\d+:memory:${cgroup}$`, 'm'),
    );
    expect(read('memory', cgroup, 'memory.limit_in_bytes')).toBe(String(64 * 1024 * 1024));
    expect(read('pids', cgroup, 'pids.max')).toBe('50');
    expect(read('cpu', cgroup, 'cpu.shares')).toBe('256');
    // The container may open what the default rules allow, and nothing else.
    expect(read('devices', cgroup, 'devices.list').split('\n')).toEqual(
      expect.arrayContaining(['c 1:3 rwm', 'c 1:9 rwm']),
    );

    expect(h.runtime(['kill', id, 'KILL']).status).toBe(0);
    await h.waitStatus(id, 'stopped');
    expect(h.runtime(['delete', id]).status).toBe(0);
    for (const mount of Object.values(layout!.v1)) {
      expect(fs.existsSync(path.join(mount.mountPoint, cgroup))).toBe(false);
    }
  });

  it('pause freezes every process and resume thaws them', async () => {
    const { id, pid } = await createWith({}, cgroupsPath());
    expect(h.runtime(['start', id]).status).toBe(0);
    expect(h.runtime(['pause', id]).status).toBe(0);
    expect(h.state(id).status).toBe('paused');
    expect(processState(pid)).toMatch(/^D /);
    expect(h.runtime(['resume', id]).status).toBe(0);
    expect(h.state(id).status).toBe('running');
    await eventually(() => processState(pid).startsWith('S '));
  });

  it('update changes the limits of a running container', async () => {
    const cgroup = cgroupsPath();
    const { id } = await createWith({ pids: { limit: 50 } }, cgroup);
    expect(h.runtime(['start', id]).status).toBe(0);
    const update = h.runtime(['update', '--resources', '-', id], {
      input: JSON.stringify({ pids: { limit: 20 }, memory: { limit: 32 * 1024 * 1024 } }),
    });
    expect(update.stderr).toBe('');
    expect(update.status).toBe(0);
    expect(read('pids', cgroup, 'pids.max')).toBe('20');
    expect(read('memory', cgroup, 'memory.limit_in_bytes')).toBe(String(32 * 1024 * 1024));
    // The device rules the container started with survive the update.
    expect(read('devices', cgroup, 'devices.list').split('\n')).toContain('c 1:3 rwm');
  });

  it('events --stats reports the cgroup statistics as runc does', async () => {
    const { id } = await createWith(
      { memory: { limit: 64 * 1024 * 1024 }, pids: { limit: 50 } },
      cgroupsPath(),
    );
    expect(h.runtime(['start', id]).status).toBe(0);
    const events = h.runtime(['events', '--stats', id]);
    expect(events.status).toBe(0);
    const event = JSON.parse(events.stdout.trim().split('\n')[0]!);
    expect(event).toMatchObject({ type: 'stats', id });
    expect(event.data.memory.usage.limit).toBe(64 * 1024 * 1024);
    expect(event.data.pids).toEqual({ current: 1, limit: 50 });
    expect(event.data.cpu.usage.total).toBeGreaterThan(0);
  });

  // runc 1.1.5 fails this one here ("cannot set hugetlb limit: container could not join or create
  // cgroup"): it looks for hugetlb among the v1 hierarchies only.
  (IS_BERTH && layout?.kind === 'hybrid' && layout.unified?.controllers.includes('hugetlb') ? it : it.skip)(
    'hugepage limits land in the cgroup2 hugetlb files of a hybrid host',
    async () => {
      const cgroup = cgroupsPath();
      const { pid } = await createWith(
        { hugepageLimits: [{ pageSize: '2MB', limit: 4 * 1024 * 1024 }] },
        cgroup,
      );
      expect(fs.readFileSync(`/proc/${pid}/cgroup`, 'utf8')).toMatch(new RegExp(`^0::${cgroup}$`, 'm'));
      const max = fs.readFileSync(path.join(layout!.unified!.mountPoint, cgroup, 'hugetlb.2MB.max'), 'utf8');
      expect(max.trim()).toBe(String(4 * 1024 * 1024));
    },
  );

  it("ps lists the container's processes from its cgroup", async () => {
    const { id, pid } = await createWith({}, cgroupsPath());
    expect(h.runtime(['start', id]).status).toBe(0);
    const ps = h.runtime(['ps', '--format', 'json', id]);
    expect(ps.status).toBe(0);
    expect(JSON.parse(ps.stdout)).toContain(pid);
  });

  (IS_BERTH ? it : it.skip)(
    'a refused resource fails create with the field named and leaves no cgroup',
    async () => {
      const cgroup = cgroupsPath();
      const bundle = await h.bundle(['true'], (spec) => {
        spec.linux.cgroupsPath = cgroup;
        spec.linux.resources = {
          ...spec.linux.resources,
          memory: { limit: 64 * 1024 * 1024, swappiness: 101 },
        };
      });
      const { result } = h.create(bundle);
      expect(result.status).toBe(1);
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
      expect(result.stderr).toMatch(/linux\.resources\.memory\.swappiness/);
      for (const mount of Object.values(layout!.v1)) {
        expect(fs.existsSync(path.join(mount.mountPoint, cgroup))).toBe(false);
      }
    },
  );

  (IS_BERTH && !fs.existsSync('/run/systemd/system') ? it : it.skip)(
    '--systemd-cgroup without systemd fails create with a clear error and leaves nothing',
    async () => {
      const bundle = await h.bundle(['true'], (spec) => {
        spec.linux.cgroupsPath = 'system.slice:berth:conf';
      });
      const id = h.id();
      const result = h.runtime(['create', '--bundle', bundle, id], { globals: ['--systemd-cgroup'] });
      expect(result.status).toBe(1);
      expect(result.stderr).toMatch(/--systemd-cgroup: systemd is not running on this host/);
      expect(h.runtime(['state', id]).status).not.toBe(0);
    },
  );

  (IS_BERTH && !('net_cls' in (layout?.v1 ?? {})) ? it : it.skip)(
    'a controller this host lacks is a clear precondition error',
    async () => {
      const cgroup = cgroupsPath();
      const bundle = await h.bundle(['true'], (spec) => {
        spec.linux.cgroupsPath = cgroup;
        spec.linux.resources = { ...spec.linux.resources, network: { classID: 1048577 } };
      });
      const { result } = h.create(bundle);
      expect(result.status).toBe(1);
      expect(result.stderr).toMatch(/linux\.resources\.network\.classID: no cgroup controller on this host/);
      for (const mount of Object.values(layout!.v1)) {
        expect(fs.existsSync(path.join(mount.mountPoint, cgroup))).toBe(false);
      }
    },
  );
});
