import { parseSpec } from '@berth/oci';
import { parseBind, parseTmpfs } from '../options/mounts';
import { parseUlimit } from '../options/ulimits';
import { settingsWith } from '../testing/settings';
import { buildSpec, type SpecInputs } from './build-spec';

const ID = 'c0ffee'.padEnd(64, '0');

function inputs(overrides: Partial<SpecInputs> = {}): SpecInputs {
  return {
    id: ID,
    settings: settingsWith(),
    imageConfig: { Env: ['PATH=/bin', 'LANG=C'], Cmd: ['sh'], WorkingDir: '/srv' },
    passwd: 'root:x:0:0:root:/root:/bin/sh\nwww:x:33:33::/var/www:/bin/false\n',
    group: 'root:x:0:\n',
    rootfs: '/run/berth/bundles/x/rootfs',
    etcFiles: {
      hosts: '/var/lib/berth/engine/containers/x/hosts',
      resolvConf: '/var/lib/berth/engine/containers/x/resolv.conf',
    },
    mounts: [],
    netns: '/run/netns/berth-x',
    host: { arch: 'x64', kernel: '6.1.0' },
    ...overrides,
  };
}

describe('buildSpec', () => {
  it('builds a valid config.json with docker defaults', () => {
    const spec = buildSpec(inputs());
    expect(() => parseSpec(JSON.parse(JSON.stringify(spec)))).not.toThrow();
    expect(spec.process).toMatchObject({
      args: ['sh'],
      cwd: '/srv',
      user: { uid: 0, gid: 0 },
      env: ['PATH=/bin', 'LANG=C', `HOSTNAME=${ID.slice(0, 12)}`, 'HOME=/root'],
    });
    expect(spec.process?.capabilities?.bounding).toHaveLength(14);
    expect(spec.hostname).toBe(ID.slice(0, 12));
    expect(spec.linux?.cgroupsPath).toBe(`/berth/${ID}`);
    expect(spec.linux?.namespaces).toContainEqual({ type: 'network', path: '/run/netns/berth-x' });
    expect(spec.linux?.maskedPaths).toContain('/proc/kcore');
    expect(spec.linux?.readonlyPaths).toContain('/proc/sys');
    expect(spec.linux?.seccomp?.defaultAction).toBe('SCMP_ACT_ERRNO');
    expect(spec.mounts?.map((m) => m.destination)).toEqual([
      '/proc',
      '/dev',
      '/dev/pts',
      '/sys',
      '/sys/fs/cgroup',
      '/dev/mqueue',
      '/dev/shm',
      '/etc/resolv.conf',
      '/etc/hosts',
    ]);
  });

  it('applies user, env, workdir, resources, ulimits and read-only rootfs', () => {
    const spec = buildSpec(
      inputs({
        settings: settingsWith({
          user: 'www',
          env: ['LANG=en_US.UTF-8', 'EXTRA=1'],
          workingDir: '/data',
          tty: true,
          readOnlyRootfs: true,
          resources: {
            memory: 64 * 1024 * 1024,
            memorySwap: 0,
            memoryReservation: 0,
            nanoCpus: 1.5e9,
            cpuShares: 0,
            cpusetCpus: '',
            pidsLimit: 100,
            oomKillDisable: false,
            cpuPeriod: 0,
            cpuQuota: 0,
          },
          ulimits: [parseUlimit('nofile=1024:2048')],
        }),
      }),
    );
    expect(spec.process?.user).toEqual({ uid: 33, gid: 33 });
    expect(spec.process?.env).toEqual([
      'PATH=/bin',
      'LANG=en_US.UTF-8',
      'EXTRA=1',
      `HOSTNAME=${ID.slice(0, 12)}`,
      'TERM=xterm',
      'HOME=/var/www',
    ]);
    expect(spec.process?.cwd).toBe('/data');
    expect(spec.process?.terminal).toBe(true);
    expect(spec.process?.rlimits).toEqual([{ type: 'RLIMIT_NOFILE', soft: 1024, hard: 2048 }]);
    expect(spec.root).toEqual({ path: '/run/berth/bundles/x/rootfs', readonly: true });
    expect(spec.linux?.resources).toMatchObject({
      memory: { limit: 64 * 1024 * 1024, swap: 128 * 1024 * 1024 },
      cpu: { period: 100000, quota: 150000 },
      pids: { limit: 100 },
    });
    expect(spec.mounts?.find((m) => m.destination === '/etc/hosts')?.options).toContain('ro');
  });

  it('mounts volumes, binds and tmpfs, parents first, replacing defaults on the same path', () => {
    const spec = buildSpec(
      inputs({
        mounts: [
          { request: parseBind('/srv/site:/data/site:ro'), hostPath: '/srv/site' },
          { request: parseBind('data:/data'), hostPath: '/var/lib/berth/engine/volumes/data/_data' },
          { request: parseTmpfs('/dev/shm:size=1m'), hostPath: '' },
        ],
      }),
    );
    const user = spec.mounts!.slice(-3);
    expect(user.map((m) => m.destination)).toEqual(['/data', '/data/site', '/dev/shm']);
    expect(user[0]).toEqual({
      destination: '/data',
      type: 'bind',
      source: '/var/lib/berth/engine/volumes/data/_data',
      options: ['rbind', 'rw', 'rprivate'],
    });
    expect(user[2]).toEqual({
      destination: '/dev/shm',
      type: 'tmpfs',
      source: 'tmpfs',
      options: ['nosuid', 'nodev', 'noexec', 'size=1048576', 'mode=1777'],
    });
    expect(spec.mounts!.filter((m) => m.destination === '/dev/shm')).toHaveLength(1);
  });

  it('runs the command under the init binary with --init', () => {
    const spec = buildSpec(
      inputs({
        settings: settingsWith({ init: true, cmd: ['sleep', '1'] }),
        initBinary: '/usr/bin/tini-static',
      }),
    );
    expect(spec.process?.args).toEqual(['/sbin/berth-init', '--', 'sleep', '1']);
    expect(spec.mounts).toContainEqual({
      destination: '/sbin/berth-init',
      type: 'bind',
      source: '/usr/bin/tini-static',
      options: ['rbind', 'rprivate', 'ro'],
    });
  });

  it('lifts confinement for privileged containers', () => {
    const spec = buildSpec(inputs({ settings: settingsWith({ privileged: true }) }));
    expect(spec.linux?.seccomp).toBeUndefined();
    expect(spec.linux?.maskedPaths).toBeUndefined();
    expect(spec.linux?.resources?.devices).toEqual([{ allow: true, access: 'rwm' }]);
    expect(spec.mounts?.find((m) => m.destination === '/sys')?.options).not.toContain('ro');
    expect(spec.process?.capabilities?.bounding?.length).toBeGreaterThan(30);
  });

  it('honours seccomp=unconfined, custom profiles and no-new-privileges', () => {
    expect(
      buildSpec(inputs({ settings: settingsWith({ securityOpt: ['seccomp=unconfined'] }) })).linux?.seccomp,
    ).toBeUndefined();
    const custom = buildSpec(
      inputs({
        settings: settingsWith({
          securityOpt: ['seccomp={"defaultAction":"SCMP_ACT_LOG"}', 'no-new-privileges'],
        }),
      }),
    );
    expect(custom.linux?.seccomp).toEqual({ defaultAction: 'SCMP_ACT_LOG', syscalls: [] });
    expect(custom.process?.noNewPrivileges).toBe(true);
  });

  it('shares the host network when asked, and refuses net sysctls then', () => {
    const spec = buildSpec(inputs({ netns: 'host' }));
    expect(spec.linux?.namespaces?.some((ns) => ns.type === 'network')).toBe(false);
    expect(() =>
      buildSpec(
        inputs({ netns: 'host', settings: settingsWith({ sysctls: { 'net.ipv4.ip_forward': '1' } }) }),
      ),
    ).toThrow("cannot be set with the host's network");
    expect(() =>
      buildSpec(inputs({ settings: settingsWith({ sysctls: { 'vm.swappiness': '1' } }) })),
    ).toThrow('not a namespaced sysctl');
  });

  it('creates an empty network namespace when none is given', () => {
    expect(buildSpec(inputs({ netns: undefined })).linux?.namespaces).toContainEqual({ type: 'network' });
  });
});
