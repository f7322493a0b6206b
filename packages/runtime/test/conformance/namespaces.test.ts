// config-linux.md "Namespaces": new ones, joined ones, the pid namespace, user namespaces with mappings.
import { readlinkSync } from 'node:fs';
import { Harness } from './support/harness';

const h = new Harness('ns');
afterEach(() => h.cleanup());
afterAll(() => h.dispose());

describe('namespaces', () => {
  it('runs the process as pid 1 of a new pid namespace', async () => {
    const r = await h.run(['sh', '-c', 'echo $$']);
    expect(r.stdout).toBe('1\n');
  });

  it('creates each listed namespace and shares the unlisted ones with the host', async () => {
    const r = await h.run(
      ['sh', '-c', 'for n in net ipc cgroup; do readlink /proc/self/ns/$n; done'],
      (s) => {
        s.linux.namespaces = s.linux.namespaces.filter((n: { type: string }) => n.type !== 'ipc');
      },
    );
    const [net, ipc, cgroup] = r.stdout.trim().split('\n');
    expect(net).not.toBe(readlinkSync('/proc/self/ns/net'));
    expect(ipc).toBe(readlinkSync('/proc/self/ns/ipc'));
    expect(cgroup).toBe(readlinkSync('/proc/self/ns/cgroup'));
  });

  it('brings lo up in a network namespace it creates, as runc and crun do', async () => {
    const r = await h.run(['cat', '/sys/class/net/lo/flags']);
    const IFF_UP = 0x1;
    expect(Number(r.stdout.trim()) & IFF_UP).toBe(IFF_UP);
  });

  it('joins a namespace by path', async () => {
    const { id } = h.create(await h.bundle(['sleep', '100']));
    const first = h.state(id).pid;
    const r = await h.run(['readlink', '/proc/self/ns/net'], (s) => {
      s.linux.namespaces = s.linux.namespaces.map((n: { type: string }) =>
        n.type === 'network' ? { type: 'network', path: `/proc/${first}/ns/net` } : n,
      );
    });
    expect(r.stdout.trim()).toBe(readlinkSync(`/proc/${first}/ns/net`));
  });

  it('maps users in a new user namespace', async () => {
    const r = await h.run(
      ['sh', '-c', 'cat /proc/self/uid_map /proc/self/gid_map; id -u'],
      (s) => {
        s.linux.namespaces.push({ type: 'user' });
        s.linux.uidMappings = [{ containerID: 0, hostID: 100000, size: 65536 }];
        s.linux.gidMappings = [{ containerID: 0, hostID: 100000, size: 65536 }];
        s.mounts = s.mounts.filter((m: { type: string }) => m.type !== 'sysfs');
      },
      (rootfs) => require('node:child_process').execFileSync('chown', ['-R', '100000:100000', rootfs]),
    );
    expect(r.stderr).toBe('');
    const lines = r.stdout
      .trim()
      .split('\n')
      .map((l) => l.trim().split(/\s+/).join(' '));
    expect(lines).toEqual(['0 100000 65536', '0 100000 65536', '0']);
  });

  it('refuses an unknown namespace type naming it', async () => {
    const r = await h.run(['true'], (s) => s.linux.namespaces.push({ type: 'bogus' }));
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/bogus/);
  });
});
