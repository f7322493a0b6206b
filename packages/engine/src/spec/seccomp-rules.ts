// Berth's default seccomp profile as data: what a container may call with docker's default
// capability set, and what extra capabilities unlock. Equal in effect to docker's default
// profile as documented (docs.docker.com/engine/security/seccomp): every call not listed fails
// with EPERM; the kernel's non-namespaced or host-wide facilities (modules, keyrings, clocks,
// mounts, namespaces, kexec, swap, reboot, BPF, perf, NUMA policy, accounting) are refused
// unless the container holds the capability the kernel would check anyway.
import type { Capability } from '@berth/oci';

/** A rule of the profile before it is resolved for one container (see seccomp.ts). */
export interface SeccompRule {
  names: readonly string[];
  /** Applies only when the container has every one of these capabilities. */
  requires?: readonly Capability[];
  /** Applies only when the container lacks this capability (the restricted variant). */
  unless?: Capability;
  /** Applies only on these machine architectures (Node's process.arch names). */
  arches?: readonly NodeJS.Architecture[];
  /** Allow only when these argument checks pass (all of them); see the OCI LinuxSeccompArg. */
  args?: readonly {
    index: number;
    value: number;
    valueTwo?: number;
    op: 'SCMP_CMP_EQ' | 'SCMP_CMP_MASKED_EQ';
  }[];
  /** Return this errno instead of allowing. */
  errno?: number;
}

const words = (text: string): readonly string[] => text.trim().split(/\s+/);

/** Everyday calls every program may make: files, memory, processes, signals, time reads, sockets, IPC. */
const EVERYDAY = words(`
  accept accept4 access adjtimex alarm bind brk cachestat capget capset chdir chmod chown chown32
  clock_getres clock_getres_time64 clock_gettime clock_gettime64 clock_nanosleep clock_nanosleep_time64
  close close_range connect copy_file_range creat dup dup2 dup3 epoll_create epoll_create1 epoll_ctl
  epoll_ctl_old epoll_pwait epoll_pwait2 epoll_wait epoll_wait_old eventfd eventfd2 execve execveat exit
  exit_group faccessat faccessat2 fadvise64 fadvise64_64 fallocate fanotify_mark fchdir fchmod fchmodat
  fchmodat2 fchown fchown32 fchownat fcntl fcntl64 fdatasync fgetxattr flistxattr flock fork fremovexattr
  fsetxattr fstat fstat64 fstatat64 fstatfs fstatfs64 fsync ftruncate ftruncate64 futex futex_requeue
  futex_time64 futex_wait futex_waitv futex_wake futimesat getcpu getcwd getdents getdents64 getegid
  getegid32 geteuid geteuid32 getgid getgid32 getgroups getgroups32 getitimer getpeername getpgid getpgrp
  getpid getppid getpriority getrandom getresgid getresgid32 getresuid getresuid32 getrlimit
  get_robust_list getrusage getsid getsockname getsockopt get_thread_area gettid gettimeofday getuid
  getuid32 getxattr getxattrat inotify_add_watch inotify_init inotify_init1 inotify_rm_watch io_cancel
  ioctl io_destroy io_getevents io_pgetevents io_pgetevents_time64 ioprio_get ioprio_set io_setup
  io_submit ipc kill landlock_add_rule landlock_create_ruleset landlock_restrict_self lchown lchown32
  lgetxattr link linkat listen listmount listxattr listxattrat llistxattr _llseek lremovexattr lseek
  lsetxattr lstat lstat64 madvise map_shadow_stack membarrier memfd_create memfd_secret mincore mkdir
  mkdirat mknod mknodat mlock mlock2 mlockall mmap mmap2 mprotect mq_getsetattr mq_notify mq_open
  mq_timedreceive mq_timedreceive_time64 mq_timedsend mq_timedsend_time64 mq_unlink mremap mseal msgctl
  msgget msgrcv msgsnd msync munlock munlockall munmap nanosleep newfstatat _newselect open openat openat2
  pause pidfd_open pidfd_send_signal pipe pipe2 pkey_alloc pkey_free pkey_mprotect poll ppoll ppoll_time64
  prctl pread64 preadv preadv2 prlimit64 process_mrelease pselect6 pselect6_time64 pwrite64 pwritev
  pwritev2 read readahead readlink readlinkat readv recv recvfrom recvmmsg recvmmsg_time64 recvmsg
  remap_file_pages removexattr removexattrat rename renameat renameat2 restart_syscall rmdir rseq
  rt_sigaction rt_sigpending rt_sigprocmask rt_sigqueueinfo rt_sigreturn rt_sigsuspend rt_sigtimedwait
  rt_sigtimedwait_time64 rt_tgsigqueueinfo sched_getaffinity sched_getattr sched_getparam
  sched_get_priority_max sched_get_priority_min sched_getscheduler sched_rr_get_interval
  sched_rr_get_interval_time64 sched_setaffinity sched_setattr sched_setparam sched_setscheduler
  sched_yield seccomp select semctl semget semop semtimedop semtimedop_time64 send sendfile sendfile64
  sendmmsg sendmsg sendto setfsgid setfsgid32 setfsuid setfsuid32 setgid setgid32 setgroups setgroups32
  setitimer setpgid setpriority setregid setregid32 setresgid setresgid32 setresuid setresuid32 setreuid
  setreuid32 setrlimit set_robust_list setsid setsockopt set_thread_area set_tid_address setuid setuid32
  setxattr setxattrat shmat shmctl shmdt shmget shutdown sigaltstack signalfd signalfd4 sigprocmask
  sigreturn socket socketcall socketpair splice stat stat64 statfs statfs64 statmount statx symlink
  symlinkat sync sync_file_range syncfs sysinfo tee tgkill time timer_create timer_delete
  timer_getoverrun timer_gettime timer_gettime64 timer_settime timer_settime64 timerfd_create
  timerfd_gettime timerfd_gettime64 timerfd_settime timerfd_settime64 times tkill truncate truncate64
  ugetrlimit umask uname unlink unlinkat utime utimensat utimensat_time64 utimes vfork vmsplice wait4
  waitid waitpid write writev
`);

/**
 * Debugging calls. Before Linux 4.8 ptrace could be used to skip seccomp checks, which is why
 * older profiles refused it; Berth needs far newer kernels (pidfds, cgroup v2), and the kernel
 * still applies ptrace's own permission checks.
 */
const PROCESS_INSPECTION = words('ptrace process_vm_readv process_vm_writev');

// personality(2) values that only change what uname reports or query the current value:
// PER_LINUX, PER_LINUX32, UNAME26, UNAME26|PER_LINUX32, and 0xffffffff (query).
const SAFE_PERSONALITIES = [0x0, 0x8, 0x20000, 0x20008, 0xffffffff];

// clone(2) flags that create namespaces: CLONE_NEWNS|NEWCGROUP|NEWUTS|NEWIPC|NEWUSER|NEWPID|NEWNET.
const CLONE_NAMESPACE_FLAGS = 0x7e020000;
const ENOSYS = 38;

export const DEFAULT_SECCOMP_RULES: readonly SeccompRule[] = [
  { names: EVERYDAY },
  { names: PROCESS_INSPECTION },
  ...SAFE_PERSONALITIES.map((value): SeccompRule => ({
    names: ['personality'],
    args: [{ index: 0, value, op: 'SCMP_CMP_EQ' }],
  })),
  // Threads and processes, but no new namespaces (s390x swaps clone's first two arguments).
  {
    names: ['clone'],
    unless: 'CAP_SYS_ADMIN',
    arches: ['x64', 'ia32', 'arm', 'arm64', 'ppc64', 'riscv64', 'loong64', 'mips', 'mipsel'],
    args: [{ index: 0, value: CLONE_NAMESPACE_FLAGS, valueTwo: 0, op: 'SCMP_CMP_MASKED_EQ' }],
  },
  {
    names: ['clone'],
    unless: 'CAP_SYS_ADMIN',
    arches: ['s390x'],
    args: [{ index: 1, value: CLONE_NAMESPACE_FLAGS, valueTwo: 0, op: 'SCMP_CMP_MASKED_EQ' }],
  },
  // clone3 passes its flags in memory seccomp cannot read: answer ENOSYS so libc falls back to clone.
  { names: ['clone3'], unless: 'CAP_SYS_ADMIN', errno: ENOSYS },
  // Architecture-specific everyday calls.
  { names: ['arch_prctl', 'modify_ldt'], arches: ['x64', 'ia32'] },
  { names: ['breakpoint', 'cacheflush', 'set_tls'], arches: ['arm', 'arm64'] },
  { names: ['riscv_flush_icache', 'riscv_hwprobe'], arches: ['riscv64'] },
  { names: ['s390_pci_mmio_read', 's390_pci_mmio_write', 's390_runtime_instr'], arches: ['s390x'] },
  { names: ['sync_file_range2', 'swapcontext'], arches: ['ppc64'] },
  // What extra capabilities unlock: the calls whose kernel checks already demand them.
  {
    names: words(`
      bpf clone clone3 fanotify_init fsconfig fsmount fsopen fspick lookup_dcookie mount mount_setattr
      move_mount name_to_handle_at open_tree perf_event_open quotactl quotactl_fd setdomainname
      sethostname setns syslog umount umount2 unshare
    `),
    requires: ['CAP_SYS_ADMIN'],
  },
  { names: ['s390_pci_mmio_read', 's390_pci_mmio_write'], requires: ['CAP_SYS_ADMIN'], arches: ['s390x'] },
  { names: ['reboot'], requires: ['CAP_SYS_BOOT'] },
  { names: ['chroot'], requires: ['CAP_SYS_CHROOT'] },
  { names: ['delete_module', 'init_module', 'finit_module'], requires: ['CAP_SYS_MODULE'] },
  { names: ['acct'], requires: ['CAP_SYS_PACCT'] },
  { names: ['kcmp', 'pidfd_getfd', 'process_madvise', 'userfaultfd'], requires: ['CAP_SYS_PTRACE'] },
  { names: ['iopl', 'ioperm'], requires: ['CAP_SYS_RAWIO'] },
  {
    names: ['settimeofday', 'stime', 'clock_settime', 'clock_settime64', 'clock_adjtime', 'clock_adjtime64'],
    requires: ['CAP_SYS_TIME'],
  },
  { names: ['vhangup'], requires: ['CAP_SYS_TTY_CONFIG'] },
  {
    names: [
      'get_mempolicy',
      'mbind',
      'set_mempolicy',
      'set_mempolicy_home_node',
      'move_pages',
      'migrate_pages',
    ],
    requires: ['CAP_SYS_NICE'],
  },
  { names: ['syslog'], requires: ['CAP_SYSLOG'] },
  { names: ['bpf'], requires: ['CAP_BPF'] },
  { names: ['perf_event_open'], requires: ['CAP_PERFMON'] },
  { names: ['open_by_handle_at'], requires: ['CAP_DAC_READ_SEARCH'] },
];

/**
 * Never allowed by the default profile, whatever the capabilities (a profile given with
 * --security-opt seccomp=<file>, or unconfined, can): the kernel keyring is not namespaced,
 * kexec/swap/obsolete and removed calls reach the host directly. Listed for tests and docs.
 */
export const NEVER_ALLOWED_SYSCALLS = words(`
  add_key create_module get_kernel_syms kexec_file_load kexec_load keyctl nfsservctl pivot_root
  query_module request_key swapoff swapon _sysctl sysfs uselib ustat vm86 vm86old io_uring_enter
  io_uring_register io_uring_setup
`);
