import { DEFAULT_CAPABILITIES } from './capabilities';
import { defaultSeccompProfile } from './seccomp';
import { NEVER_ALLOWED_SYSCALLS } from './seccomp-rules';

function allowedOutright(profile: ReturnType<typeof defaultSeccompProfile>): Set<string> {
  return new Set(
    (profile.syscalls ?? [])
      .filter((rule) => rule.action === 'SCMP_ACT_ALLOW' && rule.args === undefined)
      .flatMap((rule) => rule.names),
  );
}

describe('defaultSeccompProfile', () => {
  const profile = defaultSeccompProfile(DEFAULT_CAPABILITIES, 'x64');
  const allowed = allowedOutright(profile);

  it('denies with EPERM by default on every native ABI', () => {
    expect(profile.defaultAction).toBe('SCMP_ACT_ERRNO');
    expect(profile.defaultErrnoRet).toBe(1);
    expect(profile.architectures).toEqual(['SCMP_ARCH_X86_64', 'SCMP_ARCH_X86', 'SCMP_ARCH_X32']);
  });

  it('allows everyday calls and refuses host-wide facilities with default capabilities', () => {
    for (const name of ['read', 'openat', 'execve', 'socket', 'futex', 'arch_prctl', 'chroot'])
      expect(allowed).toContain(name);
    for (const name of ['mount', 'umount2', 'unshare', 'setns', 'reboot', 'init_module', 'bpf', 'acct'])
      expect(allowed).not.toContain(name);
    for (const name of ['settimeofday', 'clock_settime', 'perf_event_open', 'open_by_handle_at', 'mbind'])
      expect(allowed).not.toContain(name);
  });

  it('never allows the keyring, kexec, swap or io_uring, whatever the capabilities', () => {
    const all = defaultSeccompProfile(
      ['CAP_SYS_ADMIN', 'CAP_SYS_BOOT', 'CAP_SYS_MODULE', 'CAP_SYS_TIME'],
      'x64',
    );
    const names = new Set((all.syscalls ?? []).flatMap((rule) => rule.names));
    for (const name of NEVER_ALLOWED_SYSCALLS) expect(names).not.toContain(name);
  });

  it('lets clone create threads but not namespaces, and makes clone3 fall back', () => {
    const clone = profile.syscalls?.find((rule) => rule.names.includes('clone'));
    expect(clone?.args).toEqual([{ index: 0, value: 0x7e020000, valueTwo: 0, op: 'SCMP_CMP_MASKED_EQ' }]);
    const clone3 = profile.syscalls?.find((rule) => rule.names.includes('clone3'));
    expect(clone3).toMatchObject({ action: 'SCMP_ACT_ERRNO', errnoRet: 38 });
  });

  it('checks clone flags in the second argument on s390x', () => {
    const s390 = defaultSeccompProfile(DEFAULT_CAPABILITIES, 's390x');
    expect(s390.syscalls?.find((rule) => rule.names.includes('clone'))?.args?.[0].index).toBe(1);
    expect(s390.architectures).toEqual(['SCMP_ARCH_S390X', 'SCMP_ARCH_S390']);
  });

  it('unlocks what an added capability makes the kernel allow anyway', () => {
    const admin = allowedOutright(defaultSeccompProfile([...DEFAULT_CAPABILITIES, 'CAP_SYS_ADMIN'], 'x64'));
    for (const name of ['mount', 'unshare', 'setns', 'clone', 'clone3', 'sethostname'])
      expect(admin).toContain(name);
    const time = allowedOutright(defaultSeccompProfile([...DEFAULT_CAPABILITIES, 'CAP_SYS_TIME'], 'x64'));
    expect(time).toContain('clock_settime');
  });

  it('drops the restricted clone rules once clone is allowed outright', () => {
    const admin = defaultSeccompProfile(['CAP_SYS_ADMIN'], 'x64');
    expect(admin.syscalls?.filter((rule) => rule.names.includes('clone'))).toHaveLength(1);
    expect(admin.syscalls?.some((rule) => rule.errnoRet === 38)).toBe(false);
  });

  it('allows only harmless personality values', () => {
    const values = (profile.syscalls ?? [])
      .filter((rule) => rule.names.includes('personality'))
      .map((rule) => rule.args?.[0].value);
    expect(values).toEqual([0, 8, 0x20000, 0x20008, 0xffffffff]);
  });

  it('drops the capability-gated calls when the capability is dropped', () => {
    const noChroot = allowedOutright(defaultSeccompProfile(['CAP_CHOWN'], 'arm64'));
    expect(noChroot).not.toContain('chroot');
    expect(noChroot).toContain('set_tls');
    expect(noChroot).not.toContain('arch_prctl');
  });
});
