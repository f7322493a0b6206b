import { OciValidationError } from '../errors';
import { parseSpec } from './parse-spec';

// Tests break documents on purpose, so they are loosely typed JSON.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = Record<string, any>;

// RLIM_INFINITY as JSON.parse reads it from a real config.json (rounded to a double).
const RLIM_INFINITY: number = JSON.parse('18446744073709551615');

/** A config.json like the one `runc spec` writes, extended with every optional Linux section. */
function fullSpec(): Json {
  return {
    ociVersion: '1.3.0',
    process: {
      terminal: true,
      consoleSize: { height: 24, width: 80 },
      user: { uid: 1000, gid: 1000, umask: 0o022, additionalGids: [5, 10] },
      args: ['sh', '-c', 'echo hi'],
      env: ['PATH=/usr/sbin:/usr/bin:/sbin:/bin', 'TERM=xterm'],
      cwd: '/',
      capabilities: {
        bounding: ['CAP_AUDIT_WRITE', 'CAP_KILL', 'CAP_NET_BIND_SERVICE'],
        effective: ['CAP_AUDIT_WRITE', 'CAP_KILL'],
        inheritable: [],
        permitted: ['CAP_AUDIT_WRITE', 'CAP_KILL', 'CAP_NET_BIND_SERVICE'],
        ambient: ['CAP_NET_BIND_SERVICE'],
      },
      rlimits: [
        { type: 'RLIMIT_NOFILE', hard: 1024, soft: 1024 },
        { type: 'RLIMIT_CORE', hard: RLIM_INFINITY, soft: 0 },
      ],
      noNewPrivileges: true,
      apparmorProfile: 'berth-default',
      oomScoreAdj: 100,
      scheduler: {
        policy: 'SCHED_DEADLINE',
        nice: 0,
        priority: 0,
        flags: ['SCHED_FLAG_RESET_ON_FORK'],
        runtime: 10_000_000,
        deadline: 20_000_000,
        period: 30_000_000,
      },
      selinuxLabel: 'system_u:system_r:container_t:s0',
      ioPriority: { class: 'IOPRIO_CLASS_BE', priority: 4 },
      execCPUAffinity: { initial: '0-1', final: '0-3,7' },
    },
    root: { path: 'rootfs', readonly: true },
    hostname: 'web',
    domainname: 'example.com',
    mounts: [
      { destination: '/proc', type: 'proc', source: 'proc' },
      {
        destination: '/dev',
        type: 'tmpfs',
        source: 'tmpfs',
        options: ['nosuid', 'strictatime', 'mode=755', 'size=65536k'],
      },
      {
        destination: '/data',
        type: 'bind',
        source: '/srv/data',
        options: ['rbind', 'idmap'],
        uidMappings: [{ containerID: 0, hostID: 100000, size: 65536 }],
        gidMappings: [{ containerID: 0, hostID: 100000, size: 65536 }],
      },
    ],
    hooks: {
      prestart: [{ path: '/usr/bin/fix-mounts', args: ['fix-mounts', 'arg1'], env: ['KEY=value'] }],
      createRuntime: [{ path: '/usr/bin/setup-network' }],
      createContainer: [{ path: '/usr/bin/in-ns' }],
      startContainer: [{ path: '/usr/bin/refresh-ldcache' }],
      poststart: [{ path: '/usr/bin/notify-start', timeout: 5 }],
      poststop: [{ path: '/usr/sbin/cleanup.sh', args: ['cleanup.sh', '-f'] }],
    },
    annotations: { 'com.example.key1': 'value1' },
    linux: {
      uidMappings: [{ containerID: 0, hostID: 1000, size: 32000 }],
      gidMappings: [{ containerID: 0, hostID: 1000, size: 32000 }],
      timeOffsets: { monotonic: { secs: 3600, nanosecs: 0 }, boottime: { secs: -60 } },
      sysctl: { 'net.ipv4.ip_forward': '1', 'net/core/somaxconn': '256' },
      resources: {
        devices: [
          { allow: false, access: 'rwm' },
          { allow: true, type: 'c', major: 10, minor: 229, access: 'rw' },
        ],
        memory: {
          limit: 536870912,
          reservation: 536870912,
          swap: -1,
          swappiness: 0,
          disableOOMKiller: false,
          checkBeforeUpdate: true,
        },
        cpu: {
          shares: 1024,
          quota: 1000000,
          burst: 1000000,
          period: 500000,
          realtimeRuntime: 950000,
          realtimePeriod: 1000000,
          cpus: '2-3',
          mems: '0-7',
          idle: 0,
        },
        pids: { limit: 32771 },
        blockIO: {
          weight: 10,
          leafWeight: 10,
          weightDevice: [{ major: 8, minor: 0, weight: 500, leafWeight: 300 }],
          throttleReadBpsDevice: [{ major: 8, minor: 0, rate: 600 }],
          throttleWriteIOPSDevice: [{ major: 8, minor: 16, rate: 300 }],
        },
        hugepageLimits: [
          { pageSize: '2MB', limit: 209715200 },
          { pageSize: '1GB', limit: 0 },
        ],
        network: { classID: 1048577, priorities: [{ name: 'eth0', priority: 500 }] },
        rdma: { mlx5_1: { hcaHandles: 3, hcaObjects: 10000 } },
        unified: { 'memory.high': '1G', 'io.max': '8:0 rbps=1048576' },
      },
      cgroupsPath: '/myRuntime/myContainer',
      namespaces: [
        { type: 'pid' },
        { type: 'network', path: '/var/run/netns/web' },
        { type: 'mount' },
        { type: 'ipc' },
        { type: 'uts' },
        { type: 'user' },
        { type: 'cgroup' },
        { type: 'time' },
      ],
      devices: [
        { path: '/dev/fuse', type: 'c', major: 10, minor: 229, fileMode: 438, uid: 0, gid: 0 },
        { path: '/dev/fifo', type: 'p' },
      ],
      netDevices: { eth1: { name: 'net%d' }, ens4: {} },
      seccomp: {
        defaultAction: 'SCMP_ACT_ERRNO',
        defaultErrnoRet: 1,
        architectures: ['SCMP_ARCH_X86_64', 'SCMP_ARCH_X86', 'SCMP_ARCH_X32'],
        flags: ['SECCOMP_FILTER_FLAG_LOG'],
        listenerPath: '/run/seccomp-agent.socket',
        listenerMetadata: 'metadata',
        syscalls: [
          { names: ['getcwd', 'chmod'], action: 'SCMP_ACT_ALLOW' },
          { names: ['mkdir'], action: 'SCMP_ACT_NOTIFY' },
          {
            names: ['personality'],
            action: 'SCMP_ACT_ALLOW',
            args: [{ index: 0, value: 0, op: 'SCMP_CMP_EQ' }],
          },
          {
            names: ['clone'],
            action: 'SCMP_ACT_ERRNO',
            errnoRet: 38,
            args: [{ index: 0, value: 2114060288, valueTwo: 0, op: 'SCMP_CMP_MASKED_EQ' }],
          },
        ],
      },
      rootfsPropagation: 'slave',
      maskedPaths: ['/proc/kcore', '/proc/keys'],
      readonlyPaths: ['/proc/sys', '/proc/sysrq-trigger'],
      mountLabel: 'system_u:object_r:container_file_t:s0:c715,c811',
      intelRdt: {
        closID: 'guaranteed_group',
        l3CacheSchema: 'L3:0=7f0;1=1f',
        memBwSchema: 'MB:0=20;1=70',
        schemata: ['L2:0=ff'],
        enableMonitoring: true,
      },
      personality: { domain: 'LINUX32', flags: [] },
      memoryPolicy: { mode: 'MPOL_INTERLEAVE', nodes: '0-3,7', flags: ['MPOL_F_STATIC_NODES'] },
    },
  };
}

function issuesOf(spec: unknown): string[] {
  try {
    parseSpec(spec);
  } catch (error) {
    expect(error).toBeInstanceOf(OciValidationError);
    return (error as OciValidationError).issues.map((issue) => `${issue.path}: ${issue.message}`);
  }
  throw new Error('expected parseSpec to fail');
}

function withChange(change: (spec: Json) => void): Json {
  const spec = fullSpec();
  change(spec);
  return spec;
}

describe('parseSpec', () => {
  it('accepts a config.json using every Linux field', () => {
    expect(parseSpec(fullSpec())).toEqual(fullSpec());
  });

  it('accepts the minimal document and every supported version', () => {
    for (const ociVersion of ['1.0.0', '1.0.2-dev', '1.1.0', '1.2.1', '1.3.0+dev']) {
      expect(parseSpec({ ociVersion })).toEqual({ ociVersion });
    }
  });

  it('reports a missing version and a non-object document', () => {
    expect(issuesOf({})).toEqual(['ociVersion: missing']);
    expect(() => parseSpec(null)).toThrow('(document): must be an object, got null');
  });

  it.each([
    ['2.0.0', 'unsupported version "2.0.0" (supported: 1.0.0 to 1.3.x)'],
    ['1.4.0', 'unsupported version "1.4.0" (supported: 1.0.0 to 1.3.x)'],
    ['1.0', 'must be a SemVer version like "1.2.0", got "1.0"'],
  ])('refuses ociVersion %s', (ociVersion, message) => {
    expect(issuesOf({ ociVersion })).toEqual([`ociVersion: ${message}`]);
  });

  it('names duplicated and unknown namespaces with their index', () => {
    const spec = withChange((s) => {
      s.linux.namespaces = [
        { type: 'pid' },
        { type: 'network', path: 'netns' },
        { type: 'bogus' },
        { type: 'pid' },
      ];
    });
    expect(issuesOf(spec)).toEqual([
      'linux.namespaces[1].path: must be an absolute path, got "netns"',
      'linux.namespaces[2].type: unknown namespace "bogus"',
      'linux.namespaces[3].type: duplicate namespace "pid"',
    ]);
  });

  it('checks rlimits for known, unique types and soft <= hard', () => {
    const spec = withChange((s) => {
      s.process.rlimits = [
        { type: 'RLIMIT_NOFILE', hard: 10, soft: 10 },
        { type: 'RLIMIT_NOFILE', hard: 20, soft: 20 },
        { type: 'RLIMIT_BOGUS', hard: 1, soft: 1 },
        { type: 'RLIMIT_NPROC', hard: 1, soft: 2 },
      ];
    });
    expect(issuesOf(spec)).toEqual([
      'process.rlimits[1].type: duplicate rlimit "RLIMIT_NOFILE"',
      'process.rlimits[2].type: unknown rlimit "RLIMIT_BOGUS"',
      'process.rlimits[3].soft: must not exceed hard limit 1',
    ]);
  });

  it('checks the process: args, cwd, user, capabilities and ranges', () => {
    const spec = withChange((s) => {
      s.process.args = [];
      s.process.cwd = 'relative';
      s.process.user = { uid: -1 };
      s.process.capabilities.bounding = ['CAP_KILL', 'KILL', 'CAP_KILL'];
      s.process.oomScoreAdj = 1001;
      s.process.scheduler.policy = 'SCHED_FAST';
      s.process.ioPriority = { class: 'IOPRIO_CLASS_NONE', priority: 8 };
      s.process.env = ['=x'];
      s.process.execCPUAffinity = { initial: '3-1' };
    });
    expect(issuesOf(spec)).toEqual([
      'process.user.uid: must be >= 0, got -1',
      'process.user.gid: missing',
      'process.args: must have at least 1 entry',
      'process.env[0]: environment entry "=x" has an empty name',
      'process.cwd: must be an absolute path, got "relative"',
      'process.capabilities.bounding[1]: must be a capability name like "CAP_CHOWN", got "KILL"',
      'process.oomScoreAdj: must be <= 1000, got 1001',
      'process.scheduler.policy: unknown scheduler policy "SCHED_FAST"',
      'process.ioPriority.class: unknown I/O priority class "IOPRIO_CLASS_NONE"',
      'process.ioPriority.priority: must be <= 7, got 8',
      'process.execCPUAffinity.initial: range "3-1" runs backwards',
    ]);
  });

  it('reports duplicate capabilities once the names are valid', () => {
    const spec = withChange((s) => {
      s.process.capabilities = { effective: ['CAP_KILL', 'CAP_KILL'] };
    });
    expect(issuesOf(spec)).toEqual(['process.capabilities.effective[1]: duplicate capability "CAP_KILL"']);
  });

  it('requires process.user, process.cwd and root.path', () => {
    expect(issuesOf({ ociVersion: '1.2.0', process: { args: ['sh'] }, root: { path: '' } })).toEqual([
      'process.user: missing',
      'process.cwd: missing',
      'root.path: must not be empty',
    ]);
  });

  it('makes relative mount destinations absolute, as runc does', () => {
    const spec = withChange((s) => {
      s.mounts = [{ destination: 'tmp', type: 'tmpfs' }, { destination: '/a//b/../c/' }];
    });
    expect(parseSpec(spec).mounts?.map((m) => m.destination)).toEqual(['/tmp', '/a/c']);
    expect(issuesOf(withChange((s) => (s.mounts = [{ destination: '' }])))).toEqual([
      'mounts[0].destination: must not be empty',
    ]);
  });

  it('checks mount id mappings', () => {
    const spec = withChange((s) => {
      s.mounts[2].uidMappings = [{ containerID: 0, hostID: 1, size: 0 }];
    });
    expect(issuesOf(spec)).toEqual(['mounts[2].uidMappings[0].size: must be > 0']);
    const unpaired = withChange((s) => {
      delete s.mounts[2].uidMappings;
    });
    expect(issuesOf(unpaired)).toEqual([
      'mounts[2].uidMappings: missing (required together with gidMappings)',
    ]);
  });

  it('checks hooks: absolute path and positive timeout', () => {
    const spec = withChange((s) => {
      s.hooks.poststart = [{ path: 'notify', timeout: 0 }];
      s.hooks.createRuntime = [{ args: ['x'] }];
    });
    expect(issuesOf(spec)).toEqual([
      'hooks.createRuntime[0].path: missing',
      'hooks.poststart[0].path: must be an absolute path, got "notify"',
      'hooks.poststart[0].timeout: must be >= 1, got 0',
    ]);
  });

  it('checks devices: type, absolute path and major/minor unless a fifo', () => {
    const spec = withChange((s) => {
      s.linux.devices = [
        { path: '/dev/x', type: 'q', major: 1, minor: 1 },
        { path: 'dev/y', type: 'c', major: 1, minor: 1 },
        { path: '/dev/z', type: 'b' },
      ];
    });
    expect(issuesOf(spec)).toEqual([
      'linux.devices[0].type: unknown device type "q"',
      'linux.devices[1].path: must be an absolute path, got "dev/y"',
      'linux.devices[2].major: missing (required for device type "b")',
      'linux.devices[2].minor: missing (required for device type "b")',
    ]);
  });

  it('checks seccomp actions, operators, architectures and errno use', () => {
    const spec = withChange((s) => {
      s.linux.seccomp = {
        defaultAction: 'SCMP_ACT_ALLOW',
        defaultErrnoRet: 1,
        architectures: ['SCMP_ARCH_X86_64', 'SCMP_ARCH_Z80'],
        flags: ['SECCOMP_FILTER_FLAG_NOPE'],
        listenerMetadata: 'meta',
        syscalls: [
          { names: [], action: 'SCMP_ACT_ALLOW' },
          { names: ['read'], action: 'SCMP_ACT_BLOCK' },
          {
            names: ['write'],
            action: 'SCMP_ACT_ALLOW',
            args: [{ index: 0, value: 1, op: 'SCMP_CMP_ABOUT' }],
          },
          { names: ['open'], action: 'SCMP_ACT_KILL', errnoRet: 1 },
          { names: ['ioctl'], action: 'SCMP_ACT_ALLOW', args: [{ index: 6, value: 1, op: 'SCMP_CMP_EQ' }] },
        ],
      };
    });
    expect(issuesOf(spec)).toEqual([
      'linux.seccomp.architectures[1]: unknown seccomp architecture "SCMP_ARCH_Z80"',
      'linux.seccomp.flags[0]: unknown seccomp flag "SECCOMP_FILTER_FLAG_NOPE"',
      'linux.seccomp.syscalls[0].names: must have at least 1 entry',
      'linux.seccomp.syscalls[1].action: unknown seccomp action "SCMP_ACT_BLOCK"',
      'linux.seccomp.syscalls[2].args[0].op: unknown seccomp operator "SCMP_CMP_ABOUT"',
      'linux.seccomp.syscalls[3].errnoRet: only allowed with SCMP_ACT_ERRNO or SCMP_ACT_TRACE, not "SCMP_ACT_KILL"',
      'linux.seccomp.syscalls[4].args[0].index: must be <= 5, got 6',
    ]);
  });

  it('checks seccomp rules spanning fields', () => {
    const spec = withChange((s) => {
      s.linux.seccomp = {
        defaultAction: 'SCMP_ACT_KILL',
        defaultErrnoRet: 1,
        listenerMetadata: 'meta',
        syscalls: [{ names: ['mkdir'], action: 'SCMP_ACT_NOTIFY' }],
      };
    });
    expect(issuesOf(spec)).toEqual([
      'linux.seccomp.defaultErrnoRet: only allowed with SCMP_ACT_ERRNO or SCMP_ACT_TRACE, not "SCMP_ACT_KILL"',
      'linux.seccomp.listenerMetadata: must not be set without listenerPath',
      'linux.seccomp.listenerPath: required when a syscall rule uses SCMP_ACT_NOTIFY',
    ]);
    expect(issuesOf(withChange((s) => (s.linux.seccomp = { defaultAction: 'SCMP_ACT_NOTIFY' })))).toEqual([
      'linux.seccomp.defaultAction: SCMP_ACT_NOTIFY cannot be the default action',
    ]);
  });

  it('checks linux scalars and maps', () => {
    const spec = withChange((s) => {
      s.linux.rootfsPropagation = 'sideways';
      s.linux.personality = { domain: 'LINUX64' };
      s.linux.sysctl = { 'net..bad': '1', 'kernel.msgmax': 1 };
      s.linux.timeOffsets = { realtime: { secs: 1 } };
      s.linux.maskedPaths = ['proc/kcore'];
      s.linux.cgroupsPath = '/a/../../escape';
      s.linux.uidMappings = [{ containerID: 0, hostID: 0, size: 0 }];
      s.linux.netDevices = { 'bad/name': {}, eth0: { name: 'a-name-that-is-too-long' } };
      s.linux.memoryPolicy = { mode: 'MPOL_RANDOM', flags: ['MPOL_F_X'] };
      s.linux.intelRdt = { closID: 'a/b' };
    });
    expect(issuesOf(spec)).toEqual([
      'linux.uidMappings[0].size: must be > 0',
      'linux.timeOffsets.realtime: unknown clock "realtime"',
      'linux.sysctl["net..bad"]: invalid sysctl name "net..bad": empty component',
      'linux.sysctl["kernel.msgmax"]: must be a string, got number 1',
      'linux.cgroupsPath: must not contain ".." segments, got "/a/../../escape"',
      'linux.netDevices["bad/name"]: invalid network interface name "bad/name"',
      'linux.netDevices.eth0.name: invalid network interface name "a-name-that-is-too-long"',
      'linux.rootfsPropagation: unknown rootfs propagation "sideways"',
      'linux.maskedPaths[0]: must be an absolute path, got "proc/kcore"',
      'linux.intelRdt.closID: must be a resctrl group name or "/", got "a/b"',
      'linux.personality.domain: unknown personality domain "LINUX64"',
      'linux.memoryPolicy.mode: unknown memory policy mode "MPOL_RANDOM"',
      'linux.memoryPolicy.flags[0]: unknown memory policy flag "MPOL_F_X"',
    ]);
  });

  it('checks resources', () => {
    const spec = withChange((s) => {
      s.linux.resources = {
        devices: [{ allow: 'yes', type: 'x', access: 'rwx' }],
        memory: { limit: 1.5, swappiness: 101 },
        cpu: { shares: -1, cpus: 'all' },
        blockIO: { weight: 1001, throttleReadBpsDevice: [{ major: 8, minor: 0 }] },
        hugepageLimits: [
          { pageSize: '2MB', limit: 1 },
          { pageSize: '2MB', limit: 2 },
          { pageSize: '64kB', limit: 1 },
        ],
        unified: { 'no-dot': 'x' },
      };
    });
    expect(issuesOf(spec)).toEqual([
      'linux.resources.devices[0].allow: must be a boolean, got string "yes"',
      'linux.resources.devices[0].type: unknown device cgroup type "x"',
      'linux.resources.devices[0].access: must be a combination of "r", "w" and "m", got "rwx"',
      'linux.resources.memory.limit: must be an integer, got number 1.5',
      'linux.resources.memory.swappiness: must be <= 100, got 101',
      'linux.resources.cpu.shares: must be >= 0, got -1',
      'linux.resources.cpu.cpus: must be a list like "0-3,7", got "all"',
      'linux.resources.blockIO.weight: must be <= 1000, got 1001',
      'linux.resources.blockIO.throttleReadBpsDevice[0].rate: missing',
      'linux.resources.hugepageLimits[1].pageSize: duplicate page size "2MB"',
      'linux.resources.hugepageLimits[2].pageSize: must be a page size like "2MB" or "1GB", got "64kB"',
      'linux.resources.unified["no-dot"]: invalid cgroup v2 file name "no-dot"',
    ]);
  });

  it('checks hostname and annotations', () => {
    const spec = withChange((s) => {
      s.hostname = 'h'.repeat(65);
      s.domainname = 'a\0b';
      s.annotations = { key: 1, '': 'x' };
    });
    expect(issuesOf(spec)).toEqual([
      'hostname: must be at most 64 bytes, got 65',
      'domainname: must not contain NUL bytes',
      'annotations.key: must be a string, got number 1',
      'annotations[""]: annotation keys must not be empty',
    ]);
  });

  it('joins all issues into the error message', () => {
    expect(() => parseSpec({ ociVersion: '9.9.9', root: {} })).toThrow(
      'ociVersion: unsupported version "9.9.9" (supported: 1.0.0 to 1.3.x); root.path: missing',
    );
  });
});
