import { resolveCustomSeccomp } from './custom-seccomp';

describe('resolveCustomSeccomp', () => {
  const docker = {
    defaultAction: 'SCMP_ACT_ERRNO',
    archMap: [{ architecture: 'SCMP_ARCH_X86_64', subArchitectures: ['SCMP_ARCH_X86'] }],
    syscalls: [
      { names: ['read'], action: 'SCMP_ACT_ALLOW' },
      { names: ['mount'], action: 'SCMP_ACT_ALLOW', includes: { caps: ['CAP_SYS_ADMIN'] } },
      { names: ['clone'], action: 'SCMP_ACT_ALLOW', excludes: { caps: ['CAP_SYS_ADMIN'] }, comment: 'x' },
      { names: ['arch_prctl'], action: 'SCMP_ACT_ALLOW', includes: { arches: ['amd64'] } },
      { names: ['ptrace'], action: 'SCMP_ACT_ALLOW', includes: { minKernel: '4.8' } },
    ],
  };
  const names = (profile: ReturnType<typeof resolveCustomSeccomp>) =>
    profile.syscalls?.flatMap((rule) => rule.names);

  it('resolves includes, excludes and archMap for the container', () => {
    const plain = resolveCustomSeccomp(docker, ['CAP_CHOWN'], { arch: 'x64', kernel: '6.1.0-13-amd64' });
    expect(plain.architectures).toEqual(['SCMP_ARCH_X86_64', 'SCMP_ARCH_X86']);
    expect(names(plain)).toEqual(['read', 'clone', 'arch_prctl', 'ptrace']);
    expect(plain.syscalls?.[1]).toEqual({ names: ['clone'], action: 'SCMP_ACT_ALLOW' });
    expect(plain).not.toHaveProperty('archMap');
  });

  it('applies capability, arch and kernel filters', () => {
    const admin = resolveCustomSeccomp(docker, ['CAP_SYS_ADMIN'], { arch: 'arm64', kernel: '4.4.0' });
    expect(names(admin)).toEqual(['read', 'mount']);
  });
});
