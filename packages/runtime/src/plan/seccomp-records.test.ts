import type { LinuxSeccomp } from '../oci';
import { PlanWriter } from '../helper/plan-writer';
import { writeSeccompRecords } from './seccomp-records';

const profile = (defaultAction: string, names: string[]): LinuxSeccomp =>
  ({
    defaultAction,
    architectures: ['SCMP_ARCH_X86_64'],
    syscalls: [{ names, action: 'SCMP_ACT_ALLOW' }],
  }) as LinuxSeccomp;

const planOf = (seccomp: LinuxSeccomp) => {
  const plan = new PlanWriter();
  writeSeccompRecords(plan, seccomp);
  return plan.toBuffer();
};

describe('writeSeccompRecords', () => {
  it('writes the same filter for a profile compiled before, and a new one for a changed profile', () => {
    const first = planOf(profile('SCMP_ACT_ERRNO', ['read', 'write']));
    expect(planOf(profile('SCMP_ACT_ERRNO', ['read', 'write']))).toEqual(first);
    expect(planOf(profile('SCMP_ACT_ERRNO', ['read']))).not.toEqual(first);
    expect(planOf(profile('SCMP_ACT_KILL', ['read', 'write']))).not.toEqual(first);
    // Still right after more profiles than the ones it keeps pushed it out.
    for (const name of [
      'open',
      'close',
      'stat',
      'fstat',
      'lstat',
      'poll',
      'lseek',
      'mmap',
      'mprotect',
      'brk',
    ])
      planOf(profile('SCMP_ACT_ERRNO', [name]));
  });
});
