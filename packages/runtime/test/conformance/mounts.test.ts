// config.md "Mounts": order, options, bind sources, tmpcopyup, root.readonly, destinations kept inside the rootfs.
import { chownSync, existsSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { Harness } from './support/harness';
import { IS_BERTH } from './support/runtime-bin';

const h = new Harness('mounts');
afterEach(() => h.cleanup());
afterAll(() => h.dispose());

function mountLine(stdout: string, target: string): string {
  return stdout.split('\n').find((l) => l.split(' ')[1] === target) ?? '';
}

describe('mounts', () => {
  it('mounts in order with their options, creating destinations', async () => {
    const r = await h.run(['cat', '/proc/self/mounts'], (s) => {
      s.mounts.push({
        destination: '/data/a',
        type: 'tmpfs',
        source: 'tmpfs',
        options: ['nodev', 'nosuid', 'size=1m'],
      });
      s.mounts.push({ destination: '/data/a/b', type: 'tmpfs', source: 'tmpfs', options: ['noexec'] });
    });
    expect(r.status).toBe(0);
    expect(mountLine(r.stdout, '/data/a')).toMatch(/tmpfs \S*nosuid,nodev/);
    expect(mountLine(r.stdout, '/data/a/b')).toMatch(/noexec/);
  });

  it('binds a host directory read-only, resolving a relative source against the bundle', async () => {
    const bundle = await h.bundle(
      ['sh', '-c', 'cat /shared/file; touch /shared/new 2>/dev/null || echo read-only'],
      (s) => {
        s.mounts.push({ destination: '/shared', type: 'bind', source: 'shared', options: ['rbind', 'ro'] });
      },
    );
    mkdirSync(path.join(bundle, 'shared'));
    writeFileSync(path.join(bundle, 'shared', 'file'), 'from host\n');
    const r = h.runtime(['run', '--bundle', bundle, h.id()]);
    expect(r.stdout).toBe('from host\nread-only\n');
  });

  it('binds a single file', async () => {
    const bundle = await h.bundle(['cat', '/etc/berth-file'], (s) => {
      s.mounts.push({ destination: '/etc/berth-file', type: 'bind', source: 'the-file', options: ['bind'] });
    });
    writeFileSync(path.join(bundle, 'the-file'), 'single file\n');
    expect(h.runtime(['run', '--bundle', bundle, h.id()]).stdout).toBe('single file\n');
  });

  it('makes the root read-only with root.readonly', async () => {
    const r = await h.run(
      ['sh', '-c', 'touch /x 2>/dev/null && echo writable || echo read-only'],
      (s) => (s.root.readonly = true),
    );
    expect(r.stdout).toBe('read-only\n');
  });

  (IS_BERTH ? it : it.skip)('copies the covered contents up into a tmpfs with tmpcopyup', async () => {
    const r = await h.run(
      ['cat', '/etc/hostname-like'],
      (s) => {
        s.mounts.push({ destination: '/etc', type: 'tmpfs', source: 'tmpfs', options: ['tmpcopyup'] });
      },
      (rootfs) => writeFileSync(path.join(rootfs, 'etc', 'hostname-like'), 'kept\n'),
    );
    expect(r.stdout).toBe('kept\n');
  });

  // runc 1.1.5 predates idmapped mounts (runtime-spec 1.1).
  (IS_BERTH ? it : it.skip)('idmaps a bind mount with its own uid/gid mappings', async () => {
    const bundle = await h.bundle(['stat', '-c', '%u:%g', '/mapped/by-root', '/mapped/by-1000'], (s) => {
      s.mounts.push({
        destination: '/mapped',
        type: 'bind',
        source: 'shared',
        options: ['bind', 'ro', 'idmap'],
        uidMappings: [{ containerID: 0, hostID: 1000, size: 1 }],
        gidMappings: [{ containerID: 0, hostID: 2000, size: 1 }],
      });
    });
    mkdirSync(path.join(bundle, 'shared'));
    writeFileSync(path.join(bundle, 'shared', 'by-root'), '');
    writeFileSync(path.join(bundle, 'shared', 'by-1000'), '');
    chownSync(path.join(bundle, 'shared', 'by-1000'), 1000, 1000);
    const r = h.runtime(['run', '--bundle', bundle, h.id()]);
    // On-disk 0 shows as the mapped host ids; ids outside the mapping show as the overflow ids.
    expect(r.stdout).toBe('1000:2000\n65534:65534\n');
  });

  (IS_BERTH ? it : it.skip)('refuses an idmapped mount that is not a bind mount', async () => {
    const bundle = await h.bundle(['true'], (s) => {
      s.mounts.push({ destination: '/t', type: 'tmpfs', source: 'tmpfs', options: ['idmap'] });
    });
    const r = h.runtime(['run', '--bundle', bundle, h.id()]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/mounts\[\d+\]: idmapped mounts must be bind mounts/);
  });

  it('applies recursive read-only (rro) to submounts', async () => {
    const bundle = await h.bundle(
      ['sh', '-c', 'touch /tree/sub/x 2>/dev/null && echo writable || echo read-only'],
      (s) => {
        s.mounts.push({ destination: '/tree', type: 'bind', source: 'tree', options: ['rbind', 'rro'] });
      },
    );
    mkdirSync(path.join(bundle, 'tree', 'sub'), { recursive: true });
    const r = h.runtime(['run', '--bundle', bundle, h.id()]);
    expect(r.stdout).toBe('read-only\n');
  });

  it('keeps a destination behind a symlink inside the rootfs', async () => {
    const hostPath = `/usr/berth-conf-${process.pid}`;
    const r = await h.run(
      ['sh', '-c', `grep -c " ${hostPath}/x " /proc/self/mounts`],
      (s) => {
        s.mounts.push({ destination: '/escape/x', type: 'tmpfs', source: 'tmpfs' });
      },
      (rootfs) => {
        // /escape -> /usr/berth-conf-<pid>: absolute, so it must resolve inside the rootfs, never on the host.
        symlinkSync(hostPath, path.join(rootfs, 'escape'));
        mkdirSync(path.join(rootfs, hostPath.slice(1)));
      },
    );
    expect(r.stdout.trim()).toBe('1');
    expect(existsSync(hostPath)).toBe(false);
  });
});
