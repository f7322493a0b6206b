import { CLONE_NAMESPACE_FLAGS, dockerLikeProfile } from '../../test/seccomp/docker-like-profile';
import { BPF_JMP_JA, decodeSockFilters } from './bpf';
import { runSeccompFilter } from './bpf-interpreter';
import { compileSeccomp } from './compile';
import { SeccompProfileError } from './errors';
import { supportedSeccomp } from './supported';
import { syscallTable } from './syscall-table';
import type { SeccompProfileInput, SeccompSyscallInput } from './types';

const AUDIT = { x86_64: 0xc000003e, x86: 0x40000003, aarch64: 0xc00000b7, s390x: 0x80000016 };
const X32_BIT = 0x40000000;
const RET = {
  killProcess: 0x80000000,
  killThread: 0,
  trap: 0x00030000,
  errno: (e: number) => 0x00050000 + e,
  trace: (d: number) => 0x7ff00000 + d,
  notify: 0x7fc00000,
  log: 0x7ffc0000,
  allow: 0x7fff0000,
};
const NR = { mkdir: 83, personality: 135, read: 0, clone: 56, clone3: 435, mkdirX86: 39, mkdirat: 258 };

function verdict(profile: SeccompProfileInput, nr: number, args: bigint[] = [], arch = AUDIT.x86_64): number {
  const { filter } = compileSeccomp(profile, { arch: 'SCMP_ARCH_X86_64' });
  return runSeccompFilter(filter, { nr, arch, args });
}

function fieldOf(profile: unknown): string {
  try {
    compileSeccomp(profile as SeccompProfileInput, { arch: 'x64' });
  } catch (e) {
    if (e instanceof SeccompProfileError) return e.field;
    throw e;
  }
  throw new Error('the profile compiled');
}

describe('compileSeccomp validation', () => {
  const base = { defaultAction: 'SCMP_ACT_ALLOW' };
  const rule = (extra: object) => ({
    ...base,
    syscalls: [{ names: ['mkdir'], action: 'SCMP_ACT_ERRNO', ...extra }],
  });
  const arg = (a: object) => rule({ args: [{ index: 0, value: 1, op: 'SCMP_CMP_EQ', ...a }] });

  it.each([
    ['a missing defaultAction', {}, 'linux.seccomp.defaultAction'],
    ['an unknown defaultAction', { defaultAction: 'SCMP_ACT_NOPE' }, 'linux.seccomp.defaultAction'],
    ['defaultErrnoRet with ALLOW', { ...base, defaultErrnoRet: 1 }, 'linux.seccomp.defaultErrnoRet'],
    [
      'NOTIFY as the default',
      { defaultAction: 'SCMP_ACT_NOTIFY', listenerPath: '/x' },
      'linux.seccomp.defaultAction',
    ],
    [
      'an unknown architecture',
      { ...base, architectures: ['SCMP_ARCH_VAX'] },
      'linux.seccomp.architectures[0]',
    ],
    ['an unknown flag', { ...base, flags: ['SECCOMP_FILTER_FLAG_TSYNC', 'NOPE'] }, 'linux.seccomp.flags[1]'],
    [
      'empty names',
      { ...base, syscalls: [{ names: [], action: 'SCMP_ACT_ERRNO' }] },
      'linux.seccomp.syscalls[0].names',
    ],
    ['an unknown action', rule({ action: 'SCMP_ACT_MAYBE' }), 'linux.seccomp.syscalls[0].action'],
    [
      'errnoRet with KILL',
      rule({ action: 'SCMP_ACT_KILL', errnoRet: 1 }),
      'linux.seccomp.syscalls[0].errnoRet',
    ],
    ['an errnoRet above MAX_ERRNO', rule({ errnoRet: 4096 }), 'linux.seccomp.syscalls[0].errnoRet'],
    ['argument index 6', arg({ index: 6 }), 'linux.seccomp.syscalls[0].args[0].index'],
    ['an unknown operator', arg({ op: 'SCMP_CMP_ABOUT' }), 'linux.seccomp.syscalls[0].args[0].op'],
    ['a negative value', arg({ value: -1 }), 'linux.seccomp.syscalls[0].args[0].value'],
    ['NOTIFY without listenerPath', rule({ action: 'SCMP_ACT_NOTIFY' }), 'linux.seccomp.listenerPath'],
    [
      'NOTIFY on write',
      { ...base, listenerPath: '/l', syscalls: [{ names: ['write'], action: 'SCMP_ACT_NOTIFY' }] },
      'linux.seccomp.syscalls[0].names',
    ],
  ])('names the field for %s', (_what, profile, field) => {
    expect(fieldOf(profile)).toBe(field);
  });

  it('reads an absent MASKED_EQ valueTwo as 0, as runc does', () => {
    const profile = {
      ...base,
      syscalls: [
        {
          names: ['personality'],
          action: 'SCMP_ACT_ERRNO',
          args: [{ index: 0, value: 0xff, op: 'SCMP_CMP_MASKED_EQ' }],
        },
      ],
    };
    expect(verdict(profile, NR.personality, [0x100n])).toBe(RET.errno(1));
    expect(verdict(profile, NR.personality, [0x101n])).toBe(RET.allow);
  });

  it('gives a one-line message and the InvalidArgument code', () => {
    expect(() => compileSeccomp({ defaultAction: 'SCMP_ACT_NOPE' })).toThrow(
      expect.objectContaining({
        code: 'InvalidArgument',
        message: expect.stringMatching(/^linux\.seccomp\.defaultAction: unknown action "SCMP_ACT_NOPE"/),
      }),
    );
  });
});

describe('compileSeccomp actions', () => {
  it.each([
    ['SCMP_ACT_KILL', undefined, RET.killThread],
    ['SCMP_ACT_KILL_THREAD', undefined, RET.killThread],
    ['SCMP_ACT_KILL_PROCESS', undefined, RET.killProcess],
    ['SCMP_ACT_TRAP', undefined, RET.trap],
    ['SCMP_ACT_ERRNO', undefined, RET.errno(1)],
    ['SCMP_ACT_ERRNO', 38, RET.errno(38)],
    ['SCMP_ACT_ERRNO', 0, RET.errno(0)],
    ['SCMP_ACT_TRACE', undefined, RET.trace(1)],
    ['SCMP_ACT_TRACE', 1234, RET.trace(1234)],
    ['SCMP_ACT_LOG', undefined, RET.log],
    ['SCMP_ACT_NOTIFY', undefined, RET.notify],
  ])('returns %s (errnoRet %s) for a matching syscall and the default otherwise', (action, errnoRet, ret) => {
    const profile = {
      defaultAction: 'SCMP_ACT_ALLOW',
      listenerPath: '/run/l.sock',
      syscalls: [{ names: ['mkdir'], action, errnoRet }],
    };
    expect(verdict(profile, NR.mkdir)).toBe(ret);
    expect(verdict(profile, NR.read)).toBe(RET.allow);
  });

  it('uses defaultErrnoRet for the default action', () => {
    expect(verdict({ defaultAction: 'SCMP_ACT_ERRNO', defaultErrnoRet: 38 }, NR.read)).toBe(RET.errno(38));
    expect(verdict({ defaultAction: 'SCMP_ACT_ERRNO' }, NR.read)).toBe(RET.errno(1));
  });
});

describe('compileSeccomp architectures', () => {
  const profile = (architectures?: string[]) => ({
    defaultAction: 'SCMP_ACT_ALLOW',
    architectures,
    syscalls: [{ names: ['mkdir'], action: 'SCMP_ACT_ERRNO', errnoRet: 5 }],
  });

  it('resolves names per architecture', () => {
    const p = profile(['SCMP_ARCH_X86_64', 'SCMP_ARCH_X86', 'SCMP_ARCH_X32']);
    expect(verdict(p, NR.mkdir)).toBe(RET.errno(5));
    expect(verdict(p, NR.mkdirX86, [], AUDIT.x86)).toBe(RET.errno(5));
    expect(verdict(p, NR.mkdir, [], AUDIT.x86)).toBe(RET.allow); // 83 is symlink on x86
    expect(verdict(p, X32_BIT | NR.mkdir)).toBe(RET.errno(5));
    expect(verdict(p, X32_BIT | NR.read)).toBe(RET.allow);
  });

  it('kills the thread for an architecture or ABI the filter does not cover, like libseccomp', () => {
    expect(verdict(profile(['SCMP_ARCH_X86_64']), NR.read, [], AUDIT.aarch64)).toBe(RET.killThread);
    expect(verdict(profile(['SCMP_ARCH_X86_64']), NR.read, [], AUDIT.x86)).toBe(RET.killThread);
    expect(verdict(profile(['SCMP_ARCH_X86_64']), X32_BIT | NR.read)).toBe(RET.killThread);
    // x32 alone: x86_64 numbers (no X32 bit) are a foreign ABI.
    const { filter } = compileSeccomp(profile(['SCMP_ARCH_X32']), { arch: 'SCMP_ARCH_X32' });
    expect(runSeccompFilter(filter, { nr: NR.read, arch: AUDIT.x86_64 })).toBe(RET.killThread);
    expect(runSeccompFilter(filter, { nr: X32_BIT | NR.mkdir, arch: AUDIT.x86_64 })).toBe(RET.errno(5));
  });

  it('leaves out spec architectures no kernel here can run, which the bad-arch action covers', () => {
    const p = profile(['SCMP_ARCH_X86_64', 'SCMP_ARCH_MIPS', 'SCMP_ARCH_LOONGARCH64']);
    expect(verdict(p, NR.mkdir)).toBe(RET.errno(5));
    expect(verdict(p, NR.mkdir, [], 0x40000008 /* AUDIT_ARCH_MIPSEL */)).toBe(RET.killThread);
  });

  it('always covers the native architecture, listed or not', () => {
    expect(verdict(profile(), NR.mkdir)).toBe(RET.errno(5));
    expect(verdict(profile(['SCMP_ARCH_X86']), NR.mkdir)).toBe(RET.errno(5));
    const { filter } = compileSeccomp(profile(), { arch: 'arm64' });
    expect(runSeccompFilter(filter, { nr: 34 /* mkdirat */, arch: AUDIT.aarch64 })).toBe(RET.allow);
    expect(runSeccompFilter(filter, { nr: 1, arch: AUDIT.x86_64 })).toBe(RET.killThread);
  });

  it('lays arguments out in the byte order of a big-endian native architecture', () => {
    const p = {
      defaultAction: 'SCMP_ACT_ALLOW',
      syscalls: [
        {
          names: ['mkdirat'],
          action: 'SCMP_ACT_ERRNO',
          args: [{ index: 2, value: 0x1_0000_0002, op: 'SCMP_CMP_EQ' }],
        },
      ],
    };
    const { filter } = compileSeccomp(p, { arch: 'SCMP_ARCH_S390X' });
    const mkdirat = 289;
    expect(
      runSeccompFilter(filter, { nr: mkdirat, arch: AUDIT.s390x, args: [0n, 0n, 0x1_0000_0002n] }, false),
    ).toBe(RET.errno(1));
    expect(
      runSeccompFilter(filter, { nr: mkdirat, arch: AUDIT.s390x, args: [0n, 0n, 0x2_0000_0001n] }, false),
    ).toBe(RET.allow);
  });
});

describe('compileSeccomp rules', () => {
  it('ANDs the conditions of one rule and ORs the rules of one syscall', () => {
    const p = {
      defaultAction: 'SCMP_ACT_ALLOW',
      syscalls: [
        {
          names: ['personality'],
          action: 'SCMP_ACT_ERRNO',
          args: [
            { index: 0, value: 10, op: 'SCMP_CMP_GE' },
            { index: 1, value: 5, op: 'SCMP_CMP_EQ' },
          ],
        },
        {
          names: ['personality'],
          action: 'SCMP_ACT_ERRNO',
          args: [{ index: 2, value: 7, op: 'SCMP_CMP_EQ' }],
        },
      ],
    };
    expect(verdict(p, NR.personality, [10n, 5n])).toBe(RET.errno(1));
    expect(verdict(p, NR.personality, [9n, 5n])).toBe(RET.allow);
    expect(verdict(p, NR.personality, [10n, 4n])).toBe(RET.allow);
    expect(verdict(p, NR.personality, [0n, 0n, 7n])).toBe(RET.errno(1));
  });

  it('splits a rule that compares one argument twice into alternatives, as runc does', () => {
    const p = {
      defaultAction: 'SCMP_ACT_ALLOW',
      syscalls: [
        {
          names: ['personality'],
          action: 'SCMP_ACT_ERRNO',
          args: [
            { index: 0, value: 1, op: 'SCMP_CMP_EQ' },
            { index: 0, value: 2, op: 'SCMP_CMP_EQ' },
          ],
        },
      ],
    };
    expect(verdict(p, NR.personality, [1n])).toBe(RET.errno(1));
    expect(verdict(p, NR.personality, [2n])).toBe(RET.errno(1));
    expect(verdict(p, NR.personality, [3n])).toBe(RET.allow);
  });

  it('lets a rule without conditions decide the syscall, the first if several, like libseccomp', () => {
    const p = {
      defaultAction: 'SCMP_ACT_ERRNO',
      syscalls: [
        {
          names: ['personality'],
          action: 'SCMP_ACT_KILL_PROCESS',
          args: [{ index: 0, value: 0xdead, op: 'SCMP_CMP_EQ' }],
        },
        { names: ['personality', 'mkdir'], action: 'SCMP_ACT_LOG' },
        { names: ['mkdir'], action: 'SCMP_ACT_TRAP' },
      ],
    };
    expect(verdict(p, NR.personality, [0xdeadn])).toBe(RET.log);
    expect(verdict(p, NR.personality, [1n])).toBe(RET.log);
    expect(verdict(p, NR.mkdir)).toBe(RET.log);
  });

  it('lets the most restrictive matching rule win where conditional rules overlap', () => {
    const p = {
      defaultAction: 'SCMP_ACT_ERRNO',
      syscalls: [
        {
          names: ['personality'],
          action: 'SCMP_ACT_ALLOW',
          args: [{ index: 0, value: 1, op: 'SCMP_CMP_EQ' }],
        },
        {
          names: ['personality'],
          action: 'SCMP_ACT_TRAP',
          args: [{ index: 1, value: 5, op: 'SCMP_CMP_EQ' }],
        },
        {
          names: ['personality'],
          action: 'SCMP_ACT_KILL_PROCESS',
          args: [{ index: 0, value: 100, op: 'SCMP_CMP_GT' }],
        },
      ],
    };
    expect(verdict(p, NR.personality, [1n, 5n])).toBe(RET.trap);
    expect(verdict(p, NR.personality, [200n, 5n])).toBe(RET.killProcess);
    expect(verdict(p, NR.personality, [1n, 0n])).toBe(RET.allow);
    expect(verdict(p, NR.personality, [2n, 0n])).toBe(RET.errno(1));
  });

  it('drops rules that repeat the default action, so narrower rules still apply', () => {
    const p = {
      defaultAction: 'SCMP_ACT_ERRNO',
      syscalls: [
        { names: ['personality'], action: 'SCMP_ACT_ERRNO' },
        {
          names: ['personality'],
          action: 'SCMP_ACT_ALLOW',
          args: [{ index: 0, value: 0, op: 'SCMP_CMP_EQ' }],
        },
      ],
    };
    expect(verdict(p, NR.personality, [0n])).toBe(RET.allow);
    expect(verdict(p, NR.personality, [1n])).toBe(RET.errno(1));
  });

  it('skips names no architecture knows and reports them', () => {
    const p = {
      defaultAction: 'SCMP_ACT_ALLOW',
      syscalls: [{ names: ['no_such_call', 'mkdir', 'arm_fadvise64_64'], action: 'SCMP_ACT_TRAP' }],
    };
    const compiled = compileSeccomp(p, { arch: 'x64' });
    expect(compiled.unresolvedSyscalls).toEqual(['no_such_call', 'arm_fadvise64_64']);
    expect(runSeccompFilter(compiled.filter, { nr: NR.mkdir, arch: AUDIT.x86_64 })).toBe(RET.trap);
  });

  it('reads UINT64_MAX written as a JSON number and accepts bigints', () => {
    const p = (value: number | bigint) => ({
      defaultAction: 'SCMP_ACT_ALLOW',
      syscalls: [
        { names: ['personality'], action: 'SCMP_ACT_ERRNO', args: [{ index: 0, value, op: 'SCMP_CMP_EQ' }] },
      ],
    });
    const max = JSON.parse('18446744073709551615') as number;
    expect(verdict(p(max), NR.personality, [0xffff_ffff_ffff_ffffn])).toBe(RET.errno(1));
    expect(verdict(p(1n << 40n), NR.personality, [1n << 40n])).toBe(RET.errno(1));
  });
});

describe('compileSeccomp flags and listener', () => {
  const notify = {
    defaultAction: 'SCMP_ACT_ALLOW',
    listenerPath: '/run/l.sock',
    syscalls: [{ names: ['mkdir'], action: 'SCMP_ACT_NOTIFY' }],
  };

  it('maps flag names to SECCOMP_FILTER_FLAG_* bits', () => {
    const all = ['SECCOMP_FILTER_FLAG_TSYNC', 'SECCOMP_FILTER_FLAG_LOG', 'SECCOMP_FILTER_FLAG_SPEC_ALLOW'];
    expect(compileSeccomp({ defaultAction: 'SCMP_ACT_ALLOW', flags: all }).flags).toBe(1 | 2 | 4);
    expect(compileSeccomp({ defaultAction: 'SCMP_ACT_ALLOW' }).needsListener).toBe(false);
  });

  it('asks for a listener for NOTIFY rules, with TSYNC_ESRCH when TSYNC is set', () => {
    expect(compileSeccomp(notify)).toMatchObject({ needsListener: true, flags: 8 });
    const tsync = compileSeccomp({
      ...notify,
      flags: ['SECCOMP_FILTER_FLAG_TSYNC', 'SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV'],
    });
    expect(tsync.flags).toBe(1 | 8 | 16 | 32);
  });

  it('drops WAIT_KILLABLE_RECV without a listener, where the kernel would refuse it', () => {
    expect(
      compileSeccomp({ defaultAction: 'SCMP_ACT_ALLOW', flags: ['SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV'] })
        .flags,
    ).toBe(0);
  });
});

describe('a docker-like profile', () => {
  const profile = dockerLikeProfile();
  const compiled = compileSeccomp(profile, { arch: 'x64' });
  const run = (nr: number, args: bigint[] = [], arch = AUDIT.x86_64) =>
    runSeccompFilter(compiled.filter, { nr, arch, args });

  it('fits the kernel limit with room to spare', () => {
    expect(profile.syscalls?.[0].names.length).toBeGreaterThan(350);
    expect(compiled.filter.length / 8).toBeLessThan(4096);
  });

  it('allows ordinary calls, denies privileged ones and filters clone by flags', () => {
    expect(run(NR.read)).toBe(RET.allow);
    expect(run(NR.mkdirat)).toBe(RET.allow);
    expect(run(165 /* mount */)).toBe(RET.errno(1));
    expect(run(NR.clone, [0x11n /* SIGCHLD|... */])).toBe(RET.allow);
    expect(run(NR.clone, [BigInt(CLONE_NAMESPACE_FLAGS & 0x10000000) /* CLONE_NEWUSER */])).toBe(
      RET.errno(1),
    );
    expect(run(NR.clone3)).toBe(RET.errno(38));
    expect(run(NR.personality, [0xffffffffn])).toBe(RET.allow);
    expect(run(NR.personality, [0x1n])).toBe(RET.errno(1));
    expect(run(NR.mkdirX86, [], AUDIT.x86)).toBe(RET.allow);
    expect(run(X32_BIT | NR.mkdir)).toBe(RET.allow);
    expect(run(999)).toBe(RET.errno(38)); // newer than the profile: runc's ENOSYS stub
  });
});

describe("runc's ENOSYS stub", () => {
  const profile = (defaultAction: string, extra: SeccompSyscallInput[] = []) => ({
    defaultAction,
    architectures: ['SCMP_ARCH_X86_64', 'SCMP_ARCH_X86', 'SCMP_ARCH_X32'],
    syscalls: [{ names: ['read', 'mkdir'], action: 'SCMP_ACT_TRACE' }, ...extra],
  });

  it('answers syscalls numbered above every syscall the profile names with ENOSYS', () => {
    const p = profile('SCMP_ACT_ERRNO');
    expect(verdict(p, NR.mkdir)).toBe(RET.trace(1));
    expect(verdict(p, 50)).toBe(RET.errno(1));
    expect(verdict(p, NR.mkdir + 1)).toBe(RET.errno(38));
    expect(verdict(p, 0x3fffffff)).toBe(RET.errno(38));
    // Per ABI: x86 mkdir is 39, so 40 is already new there; x32 counts from its own numbers.
    expect(verdict(p, 40, [], AUDIT.x86)).toBe(RET.errno(38));
    expect(verdict(p, 38, [], AUDIT.x86)).toBe(RET.errno(1));
    expect(verdict(p, X32_BIT | 50)).toBe(RET.errno(1));
    expect(verdict(p, X32_BIT | 84)).toBe(RET.errno(38));
    // A syscall skipped by a tracer keeps the default action.
    expect(verdict(p, 0xffffffff)).toBe(RET.errno(1));
  });

  it('covers every default action but ALLOW and LOG, and counts names whatever their action', () => {
    expect(verdict(profile('SCMP_ACT_KILL_PROCESS'), 400)).toBe(RET.errno(38));
    expect(verdict(profile('SCMP_ACT_TRAP'), 400)).toBe(RET.errno(38));
    expect(verdict(profile('SCMP_ACT_ALLOW'), 400)).toBe(RET.allow);
    expect(verdict(profile('SCMP_ACT_LOG'), 400)).toBe(RET.log);
    const repeatsDefault = profile('SCMP_ACT_ERRNO', [{ names: ['clone3'], action: 'SCMP_ACT_ERRNO' }]);
    expect(verdict(repeatsDefault, 400)).toBe(RET.errno(1));
    expect(verdict(repeatsDefault, NR.clone3 + 1)).toBe(RET.errno(38));
  });
});

describe('a profile with argument rules on every syscall', () => {
  // Every x86_64 syscall gets a 64-bit comparison: the binary search then jumps over far more
  // than 255 instructions, so the program only works if the long jumps were fixed up.
  const some = ['read', 'mkdir', 'personality', 'mkdirat', 'clone3'];
  const profile = {
    defaultAction: 'SCMP_ACT_ERRNO',
    syscalls: [
      {
        names: [...syscallTable('x86_64').keys()],
        action: 'SCMP_ACT_TRAP',
        args: [{ index: 5, value: 7, op: 'SCMP_CMP_EQ' }],
      },
      {
        names: some,
        action: 'SCMP_ACT_ALLOW',
        args: [{ index: 1, value: 0x1_0000_0000, op: 'SCMP_CMP_GE' }],
      },
    ],
  };

  it('needs long jumps and still decides every syscall correctly', () => {
    const { filter } = compileSeccomp(profile, { arch: 'x64' });
    const insns = decodeSockFilters(filter, true);
    expect(insns.some((i) => i.code === BPF_JMP_JA)).toBe(true);
    const run = (nr: number, args: bigint[]) => runSeccompFilter(filter, { nr, arch: AUDIT.x86_64, args });
    for (const nr of syscallTable('x86_64').values()) {
      expect(run(nr, [0n, 0n, 0n, 0n, 0n, 7n])).toBe(RET.trap);
      expect(run(nr, [0n, 0n, 0n, 0n, 0n, 0x1_0000_0007n])).toBe(RET.errno(1));
    }
    for (const nr of [NR.read, NR.mkdir, NR.personality, NR.mkdirat, NR.clone3]) {
      expect(run(nr, [0n, 0x1_0000_0000n])).toBe(RET.allow);
      expect(run(nr, [0n, 0xffff_ffffn])).toBe(RET.errno(1));
      expect(run(nr, [0n, 0x1_0000_0000n, 0n, 0n, 0n, 7n])).toBe(RET.trap);
    }
  });
});

describe('supportedSeccomp', () => {
  it('lists every action, operator, architecture and flag the compiler accepts', () => {
    const features = supportedSeccomp();
    expect(features.enabled).toBe(true);
    expect(features.actions).toEqual(
      expect.arrayContaining(['SCMP_ACT_NOTIFY', 'SCMP_ACT_KILL_PROCESS', 'SCMP_ACT_LOG']),
    );
    expect(features.operators).toHaveLength(7);
    expect(features.archs).toEqual(
      expect.arrayContaining([
        'SCMP_ARCH_X86_64',
        'SCMP_ARCH_X86',
        'SCMP_ARCH_X32',
        'SCMP_ARCH_AARCH64',
        'SCMP_ARCH_ARM',
      ]),
    );
    expect(features.knownFlags).toContain('SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV');
    expect(supportedSeccomp('6.1.0').supportedFlags).toEqual(features.knownFlags);
    expect(supportedSeccomp('5.15.0-91-generic').supportedFlags).not.toContain(
      'SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV',
    );
    expect(supportedSeccomp('4.15.0').supportedFlags).toEqual([
      'SECCOMP_FILTER_FLAG_TSYNC',
      'SECCOMP_FILTER_FLAG_LOG',
    ]);
    for (const arch of features.archs)
      expect(() =>
        compileSeccomp({ defaultAction: 'SCMP_ACT_ALLOW', architectures: [arch] }, { arch }),
      ).not.toThrow();
  });
});
