import { parseFeatures } from './features';

describe('parseFeatures', () => {
  it('accepts a features document like `runc features` prints', () => {
    const features = {
      ociVersionMin: '1.0.0',
      ociVersionMax: '1.3.0',
      hooks: ['prestart', 'createRuntime', 'createContainer', 'startContainer', 'poststart', 'poststop'],
      mountOptions: ['bind', 'rbind', 'ro', 'idmap'],
      linux: {
        namespaces: ['cgroup', 'ipc', 'mount', 'network', 'pid', 'time', 'user', 'uts'],
        capabilities: ['CAP_CHOWN', 'CAP_KILL'],
        cgroup: { v1: true, v2: true, systemd: true, systemdUser: true, rdma: true },
        seccomp: {
          enabled: true,
          actions: ['SCMP_ACT_ALLOW', 'SCMP_ACT_ERRNO'],
          operators: ['SCMP_CMP_EQ'],
          archs: ['SCMP_ARCH_X86_64'],
          knownFlags: ['SECCOMP_FILTER_FLAG_LOG'],
          supportedFlags: ['SECCOMP_FILTER_FLAG_LOG'],
        },
        apparmor: { enabled: true },
        selinux: { enabled: false },
        intelRdt: { enabled: true, schemata: true, monitoring: false },
        memoryPolicy: { modes: ['MPOL_BIND'], flags: ['MPOL_F_STATIC_NODES'] },
        mountExtensions: { idmap: { enabled: true } },
        netDevices: { enabled: true },
      },
      annotations: { 'org.opencontainers.runc.version': '1.2.0' },
      potentiallyUnsafeConfigAnnotations: ['bundle'],
    };
    expect(parseFeatures(features)).toEqual(features);
  });

  it('accepts versions newer than Berth knows: the document describes another runtime', () => {
    expect(parseFeatures({ ociVersionMin: '1.0.0', ociVersionMax: '1.9.0' }).ociVersionMax).toBe('1.9.0');
  });

  it('names missing and broken members', () => {
    expect(() => parseFeatures({ ociVersionMax: 'next', linux: { cgroup: { v2: 'yes' } } })).toThrow(
      'ociVersionMin: missing; ociVersionMax: must be a SemVer version like "1.2.0", got "next"; linux.cgroup.v2: must be a boolean, got string "yes"',
    );
  });
});
