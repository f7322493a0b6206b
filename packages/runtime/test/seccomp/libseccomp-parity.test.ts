/**
 * Differential test against libseccomp (the library runc and crun use): the same profile is
 * compiled by compileSeccomp and, through a C program generated here and linked with
 * -lseccomp, by libseccomp's seccomp_export_bpf; both filters are then run on the same
 * struct seccomp_data inputs and must return the same value for every one, once runc's ENOSYS
 * stub (as measured with runc 1.1.5, see runcEnosysStub) is put in front of libseccomp's.
 * Needs cc and libseccomp-dev (apt-get install libseccomp-dev).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findArch, X32_SYSCALL_BIT } from '../../src/seccomp/arches';
import { runSeccompFilter } from '../../src/seccomp/bpf-interpreter';
import { compileSeccomp } from '../../src/seccomp/compile';
import { planSeccomp, type SeccompPlan } from '../../src/seccomp/profile';
import { syscallTable } from '../../src/seccomp/syscall-table';
import type { SeccompProfileInput, SeccompSyscallInput } from '../../src/seccomp/types';
import { dockerLikeProfile } from './docker-like-profile';

const HAVE_LIBSECCOMP = existsSync('/usr/include/seccomp.h');
const describeWithLibseccomp = HAVE_LIBSECCOMP ? describe : describe.skip;
if (!HAVE_LIBSECCOMP) console.warn('libseccomp-dev is not installed: skipping the libseccomp parity tests');

let dir: string;
let builds = 0;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'berth-seccomp-parity-'));
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const hex64 = (v: bigint): string => `0x${v.toString(16)}ULL`;

/** C source that builds `plan` with libseccomp and writes the BPF to argv[1]. */
function libseccompProgram(plan: SeccompPlan, nativeName: string): string {
  const lines = [
    '#include <seccomp.h>',
    '#include <stdio.h>',
    '#include <fcntl.h>',
    'int main(int argc, char **argv) {',
    '  (void)argc;',
    `  scmp_filter_ctx ctx = seccomp_init(0x${plan.defaultRet.toString(16)}U);`,
    '  if (!ctx) return 2;',
    '  int rc, nr;',
  ];
  if (nativeName !== 'SCMP_ARCH_X86_64') {
    lines.push(`  if (seccomp_arch_add(ctx, ${nativeName}) < 0) return 3;`);
    lines.push('  if (seccomp_arch_remove(ctx, SCMP_ARCH_X86_64) < 0) return 3;');
  }
  for (const arch of plan.arches.slice(1))
    lines.push(`  if (seccomp_arch_add(ctx, ${arch.name}) < 0) return 3;`);
  plan.rules.forEach((rule, i) => {
    const conds = rule.conditions.map(
      (c) =>
        `{ ${c.index}, ${c.op}, ${hex64(c.value)}, ${hex64(c.op === 'SCMP_CMP_MASKED_EQ' ? c.valueTwo : 0n)} }`,
    );
    const array = conds.length ? `struct scmp_arg_cmp c${i}[] = { ${conds.join(', ')} };` : '';
    for (const name of rule.names) {
      lines.push(`  { ${array} nr = seccomp_syscall_resolve_name("${name}");`);
      lines.push(
        `    if (nr != __NR_SCMP_ERROR && (rc = seccomp_rule_add_array(ctx, 0x${rule.ret.toString(16)}U, nr, ${conds.length}, ${conds.length ? `c${i}` : 'NULL'})) < 0) {`,
      );
      lines.push(`      fprintf(stderr, "rule ${i} ${name}: %d\\n", rc); return 4; } }`);
    }
  });
  lines.push('  int fd = open(argv[1], O_WRONLY | O_CREAT | O_TRUNC, 0644);');
  lines.push('  if (fd < 0 || seccomp_export_bpf(ctx, fd) < 0) return 5;');
  lines.push('  return 0;', '}');
  return lines.join('\n');
}

function libseccompFilter(plan: SeccompPlan, nativeName: string): Buffer {
  const n = builds++;
  const source = join(dir, `profile-${n}.c`);
  const binary = join(dir, `profile-${n}`);
  const output = join(dir, `profile-${n}.bpf`);
  writeFileSync(source, libseccompProgram(plan, nativeName));
  const cc = spawnSync('cc', ['-O0', '-o', binary, source, '-lseccomp'], { encoding: 'utf8' });
  if (cc.status !== 0) throw new Error(`cc failed: ${cc.stderr}`);
  const run = spawnSync(binary, [output], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`libseccomp refused the profile (exit ${run.status}): ${run.stderr}`);
  return readFileSync(output);
}

const ENOSYS_RET = 0x00050000 + 38;

/**
 * What runc's stub in front of the libseccomp filter returns, if it decides: ENOSYS for syscalls
 * numbered above every syscall the profile names on that ABI, unless the default action allows.
 */
function runcEnosysStub(plan: SeccompPlan, audit: number, nr: number): number | undefined {
  const action = (plan.defaultRet & 0xffff0000) >>> 0;
  if (action === 0x7fff0000 || action === 0x7ffc0000 || nr === 0xffffffff) return undefined;
  const sharing = plan.arches.filter((a) => a.audit === audit);
  // x86_64 and x32 share the audit arch: the X32 bit picks the ABI (an ABI not covered is killed).
  const shared = sharing.some((a) => a.table === 'x86_64' || a.table === 'x32');
  const abi = shared ? sharing.find((a) => (a.table === 'x32') === nr >= X32_SYSCALL_BIT) : sharing[0];
  if (abi === undefined) return undefined;
  const table = syscallTable(abi.table);
  const numbers = [...plan.namedSyscalls].map((name) => table.get(name)).filter((n) => n !== undefined);
  return numbers.length > 0 && nr > Math.max(...numbers) ? ENOSYS_RET : undefined;
}

/** Argument vectors around every value the plan compares, in every argument it compares. */
function argumentVectors(plan: SeccompPlan): bigint[][] {
  const vectors: bigint[][] = [[0n, 0n, 0n, 0n, 0n, 0n]];
  const clamp = (v: bigint): bigint => BigInt.asUintN(64, v);
  for (const rule of plan.rules) {
    for (const c of rule.conditions) {
      const base = c.op === 'SCMP_CMP_MASKED_EQ' ? c.valueTwo : c.value;
      const around = [
        base - 1n,
        base,
        base + 1n,
        base ^ (1n << 32n),
        base | 0xffff_ffff_0000_0000n,
        base & 0xffff_ffffn,
      ];
      if (c.op === 'SCMP_CMP_MASKED_EQ') around.push(base | ~c.value, base ^ 1n);
      for (const v of around) {
        const args = [0n, 0n, 0n, 0n, 0n, 0n];
        args[c.index] = clamp(v);
        vectors.push(args);
      }
    }
    // Every condition of the rule satisfied at once, where that is possible.
    const all = [0n, 0n, 0n, 0n, 0n, 0n];
    for (const c of rule.conditions) all[c.index] = c.op === 'SCMP_CMP_MASKED_EQ' ? c.valueTwo : c.value;
    vectors.push(all);
  }
  return vectors;
}

function expectSameVerdicts(profile: SeccompProfileInput, nativeName = 'SCMP_ARCH_X86_64'): number {
  const plan = planSeccomp(profile, { arch: nativeName });
  const ours = compileSeccomp(profile, { arch: nativeName }).filter;
  const theirs = libseccompFilter(plan, nativeName);
  const vectors = argumentVectors(plan);
  let compared = 0;
  const mismatches: string[] = [];
  const abis = plan.arches.map((a) => ({ audit: a.audit, bits: a.bits, table: syscallTable(a.table) }));
  // An architecture in no filter, and x32 numbers for a filter without x32.
  abis.push({ audit: 0xc00000f3, bits: 64, table: new Map([['read', 63]]) });
  for (const abi of abis) {
    const numbers = new Set([...abi.table.values()]);
    for (const extra of [0, 1023, 0x3fffffff, X32_SYSCALL_BIT, X32_SYSCALL_BIT + 1, 0xffffffff])
      numbers.add(extra);
    for (const nr of numbers) {
      for (const args of vectors) {
        // 32-bit ABIs' arguments are zero-extended by the kernel.
        const real = abi.bits === 32 ? args.map((a) => a & 0xffff_ffffn) : args;
        const data = { nr, arch: abi.audit, args: real };
        const a = runSeccompFilter(ours, data);
        const b = runcEnosysStub(plan, abi.audit, nr) ?? runSeccompFilter(theirs, data);
        compared++;
        if (a !== b && mismatches.length < 10) {
          mismatches.push(
            `arch 0x${abi.audit.toString(16)} nr ${nr} args ${real.join(',')}: ours 0x${a.toString(16)}, runc 0x${b.toString(16)}`,
          );
        }
      }
    }
  }
  expect(mismatches).toEqual([]);
  return compared;
}

describeWithLibseccomp('verdicts match runc (libseccomp and its ENOSYS stub)', () => {
  it('for a docker-like profile on x86_64, x86 and x32', () => {
    expect(expectSameVerdicts(dockerLikeProfile())).toBeGreaterThan(1000);
  });

  it('for every action and errno', () => {
    expectSameVerdicts({
      defaultAction: 'SCMP_ACT_ALLOW',
      architectures: ['SCMP_ARCH_X86'],
      syscalls: [
        { names: ['mkdir'], action: 'SCMP_ACT_ERRNO', errnoRet: 38 },
        { names: ['rmdir'], action: 'SCMP_ACT_ERRNO' },
        { names: ['chdir', 'fchdir'], action: 'SCMP_ACT_KILL_PROCESS' },
        { names: ['link'], action: 'SCMP_ACT_KILL_THREAD' },
        { names: ['unlink'], action: 'SCMP_ACT_KILL' },
        { names: ['rename'], action: 'SCMP_ACT_TRAP' },
        { names: ['symlink'], action: 'SCMP_ACT_TRACE', errnoRet: 77 },
        { names: ['chmod'], action: 'SCMP_ACT_LOG' },
        { names: ['not_a_syscall', 'getpid'], action: 'SCMP_ACT_ERRNO', errnoRet: 0 },
      ],
    });
  });

  it('for every operator on 64-bit and 32-bit ABIs', () => {
    // One syscall per rule: how libseccomp orders overlapping conditional rules is its own
    // (see README-seccomp.md), so this compares the comparisons themselves.
    const ops = ['SCMP_CMP_NE', 'SCMP_CMP_LT', 'SCMP_CMP_LE', 'SCMP_CMP_EQ', 'SCMP_CMP_GE', 'SCMP_CMP_GT'];
    const names = [...syscallTable('x86').keys()]
      .filter((name) => syscallTable('x86_64').has(name))
      .slice(0, 40);
    const values = [5, 0xffff_ffff, 0x1_0000_0005];
    const syscalls: SeccompSyscallInput[] = ops.flatMap((op, i) =>
      values.map((value, k) => ({
        names: [names[i * values.length + k]],
        action: 'SCMP_ACT_ERRNO',
        errnoRet: k + 1,
        args: [{ index: k, value, op }],
      })),
    );
    syscalls.push(
      {
        names: ['personality'],
        action: 'SCMP_ACT_ERRNO',
        errnoRet: 9,
        args: [{ index: 0, value: 0xff00_0000_00ff, valueTwo: 0x1200_0000_0034, op: 'SCMP_CMP_MASKED_EQ' }],
      },
      {
        names: ['mkdirat'],
        action: 'SCMP_ACT_ERRNO',
        errnoRet: 10,
        args: [
          { index: 0, value: 2, op: 'SCMP_CMP_EQ' },
          { index: 1, value: 0xf, valueTwo: 1, op: 'SCMP_CMP_MASKED_EQ' },
          { index: 2, value: 0x1_0000_0000, op: 'SCMP_CMP_LE' },
        ],
      },
    );
    expectSameVerdicts({
      defaultAction: 'SCMP_ACT_ALLOW',
      architectures: ['SCMP_ARCH_X86', 'SCMP_ARCH_X32'],
      syscalls,
    });
  });

  it('for overlapping rules where libseccomp accepts them', () => {
    expectSameVerdicts({
      defaultAction: 'SCMP_ACT_ERRNO',
      syscalls: [
        { names: ['mkdir'], action: 'SCMP_ACT_ALLOW', args: [{ index: 0, value: 1, op: 'SCMP_CMP_EQ' }] },
        { names: ['mkdir'], action: 'SCMP_ACT_TRAP', args: [{ index: 1, value: 5, op: 'SCMP_CMP_EQ' }] },
        { names: ['chdir'], action: 'SCMP_ACT_ALLOW', args: [{ index: 0, value: 10, op: 'SCMP_CMP_GT' }] },
        { names: ['chdir'], action: 'SCMP_ACT_TRAP', args: [{ index: 0, value: 20, op: 'SCMP_CMP_GT' }] },
        {
          names: ['personality'],
          action: 'SCMP_ACT_KILL_PROCESS',
          args: [{ index: 0, value: 0xdead, op: 'SCMP_CMP_EQ' }],
        },
        { names: ['personality'], action: 'SCMP_ACT_LOG' },
        { names: ['rmdir'], action: 'SCMP_ACT_TRAP' },
        { names: ['rmdir'], action: 'SCMP_ACT_ALLOW' },
      ],
    });
  });

  it('for socket and SysV IPC calls multiplexed through socketcall and ipc on x86', () => {
    const rules: SeccompSyscallInput[] = [
      { names: ['socket', 'send'], action: 'SCMP_ACT_ERRNO', errnoRet: 3 },
      {
        names: ['connect'],
        action: 'SCMP_ACT_ERRNO',
        errnoRet: 4,
        args: [{ index: 0, value: 7, op: 'SCMP_CMP_EQ' }],
      },
      { names: ['shmget', 'semop'], action: 'SCMP_ACT_ERRNO', errnoRet: 5 },
      { names: ['recvmsg'], action: 'SCMP_ACT_ALLOW' },
    ];
    expectSameVerdicts({ defaultAction: 'SCMP_ACT_LOG', architectures: ['SCMP_ARCH_X86'], syscalls: rules });
    expectSameVerdicts({
      defaultAction: 'SCMP_ACT_LOG',
      architectures: ['SCMP_ARCH_X86'],
      syscalls: [...rules, { names: ['socketcall'], action: 'SCMP_ACT_TRAP' }],
    });
  });

  it('for aarch64 with arm', () => {
    expectSameVerdicts(
      {
        defaultAction: 'SCMP_ACT_ERRNO',
        architectures: ['SCMP_ARCH_ARM'],
        syscalls: [
          { names: ['read', 'write', 'openat', 'cacheflush', 'exit_group'], action: 'SCMP_ACT_ALLOW' },
          {
            names: ['clone'],
            action: 'SCMP_ACT_ALLOW',
            args: [{ index: 0, value: 0x7e020000, valueTwo: 0, op: 'SCMP_CMP_MASKED_EQ' }],
          },
        ],
      },
      'SCMP_ARCH_AARCH64',
    );
  });

  it('knows the architectures it compares', () => {
    expect(findArch('SCMP_ARCH_AARCH64')?.audit).toBe(0xc00000b7);
  });
});
