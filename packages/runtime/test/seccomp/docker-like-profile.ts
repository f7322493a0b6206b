/**
 * A profile shaped like Docker's default: deny by default with EPERM, allow nearly every syscall
 * of x86_64, x86 and x32 by name, keep privileged ones out, filter personality by value and clone
 * by namespace flags, answer clone3 with ENOSYS. Built from the syscall tables so it names more
 * syscalls (about 470) than Docker's own list does, which makes it a harder size test.
 */
import { syscallTable } from '../../src/seccomp/syscall-table';
import type { SeccompProfileInput } from '../../src/seccomp/types';

/** Syscalls a default container must not make (privileged, or filtered below by argument). */
const DENIED = new Set([
  'acct',
  'add_key',
  'bpf',
  'clock_adjtime',
  'clock_adjtime64',
  'clock_settime',
  'clock_settime64',
  'clone',
  'clone3',
  'create_module',
  'delete_module',
  'finit_module',
  'fsconfig',
  'fsmount',
  'fsopen',
  'fspick',
  'get_kernel_syms',
  'get_mempolicy',
  'init_module',
  'ioperm',
  'iopl',
  'kcmp',
  'kexec_file_load',
  'kexec_load',
  'keyctl',
  'lookup_dcookie',
  'mbind',
  'mount',
  'mount_setattr',
  'move_mount',
  'move_pages',
  'name_to_handle_at',
  'nfsservctl',
  'open_by_handle_at',
  'open_tree',
  'perf_event_open',
  'personality',
  'pivot_root',
  'process_vm_readv',
  'process_vm_writev',
  'ptrace',
  'query_module',
  'quotactl',
  'quotactl_fd',
  'reboot',
  'request_key',
  'set_mempolicy',
  'set_mempolicy_home_node',
  'setdomainname',
  'sethostname',
  'setns',
  'settimeofday',
  'stime',
  'swapoff',
  'swapon',
  'sysfs',
  '_sysctl',
  'syslog',
  'umount',
  'umount2',
  'unshare',
  'uselib',
  'userfaultfd',
  'ustat',
  'vm86',
  'vm86old',
  'vhangup',
]);

/** CLONE_NEWNS|NEWCGROUP|NEWUTS|NEWIPC|NEWUSER|NEWPID|NEWNET. */
export const CLONE_NAMESPACE_FLAGS = 0x7e020000;
const ENOSYS = 38;

export function dockerLikeProfile(): SeccompProfileInput {
  const names = new Set<string>();
  for (const table of ['x86_64', 'x86', 'x32'])
    for (const name of syscallTable(table).keys()) names.add(name);
  const allowed = [...names].filter((name) => !DENIED.has(name)).sort();
  return {
    defaultAction: 'SCMP_ACT_ERRNO',
    defaultErrnoRet: 1,
    architectures: ['SCMP_ARCH_X86_64', 'SCMP_ARCH_X86', 'SCMP_ARCH_X32'],
    syscalls: [
      { names: allowed, action: 'SCMP_ACT_ALLOW' },
      ...[0, 8, 0x20000, 0x20008, 0xffffffff].map((persona) => ({
        names: ['personality'],
        action: 'SCMP_ACT_ALLOW',
        args: [{ index: 0, value: persona, op: 'SCMP_CMP_EQ' }],
      })),
      {
        names: ['clone'],
        action: 'SCMP_ACT_ALLOW',
        args: [{ index: 0, value: CLONE_NAMESPACE_FLAGS, valueTwo: 0, op: 'SCMP_CMP_MASKED_EQ' }],
      },
      { names: ['clone3'], action: 'SCMP_ACT_ERRNO', errnoRet: ENOSYS },
    ],
  };
}
