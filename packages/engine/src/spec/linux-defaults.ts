// What every container gets from docker by default: the kernel filesystems, the /proc and /sys
// entries hidden or made read-only, and the device cgroup allow-list.
import type { LinuxDeviceCgroup, Mount } from '@berth/oci';

/** The filesystems mounted in every container (docker's defaults, in mount order). */
export function defaultMounts(options: { privileged: boolean; shmSize: number }): Mount[] {
  const sysRo = options.privileged ? [] : ['ro'];
  return [
    { destination: '/proc', type: 'proc', source: 'proc', options: ['nosuid', 'noexec', 'nodev'] },
    {
      destination: '/dev',
      type: 'tmpfs',
      source: 'tmpfs',
      options: ['nosuid', 'strictatime', 'mode=755', 'size=65536k'],
    },
    {
      destination: '/dev/pts',
      type: 'devpts',
      source: 'devpts',
      options: ['nosuid', 'noexec', 'newinstance', 'ptmxmode=0666', 'mode=0620', 'gid=5'],
    },
    { destination: '/sys', type: 'sysfs', source: 'sysfs', options: ['nosuid', 'noexec', 'nodev', ...sysRo] },
    {
      destination: '/sys/fs/cgroup',
      type: 'cgroup',
      source: 'cgroup',
      options: ['nosuid', 'noexec', 'nodev', 'relatime', ...(options.privileged ? ['rw'] : ['ro'])],
    },
    { destination: '/dev/mqueue', type: 'mqueue', source: 'mqueue', options: ['nosuid', 'noexec', 'nodev'] },
    {
      destination: '/dev/shm',
      type: 'tmpfs',
      source: 'shm',
      options: ['nosuid', 'noexec', 'nodev', 'mode=1777', `size=${options.shmSize}`],
    },
  ];
}

/** docker's --shm-size default: 64 MiB. */
export const DEFAULT_SHM_SIZE = 64 * 1024 * 1024;

/** Host information a container must not read: kernel memory, keys, timers, hardware. */
export const MASKED_PATHS: readonly string[] = [
  '/proc/asound',
  '/proc/acpi',
  '/proc/kcore',
  '/proc/keys',
  '/proc/latency_stats',
  '/proc/timer_list',
  '/proc/timer_stats',
  '/proc/sched_debug',
  '/proc/scsi',
  '/sys/firmware',
  '/sys/devices/virtual/powercap',
];

/** Host-wide kernel settings a container may read but not change. */
export const READONLY_PATHS: readonly string[] = [
  '/proc/bus',
  '/proc/fs',
  '/proc/irq',
  '/proc/sys',
  '/proc/sysrq-trigger',
];

const char = (major: number, minor: number | undefined, access = 'rwm'): LinuxDeviceCgroup => ({
  allow: true,
  type: 'c',
  ...(minor === undefined ? { major } : { major, minor }),
  access,
});

/**
 * Device cgroup rules: deny everything, then allow creating any node (mknod alone grants no
 * access) and using the standard ones: null, zero, full, random, urandom, tty, console, ptmx,
 * the pty slaves, and /dev/net/tun. Privileged containers may use every device.
 */
export function deviceRules(privileged: boolean): LinuxDeviceCgroup[] {
  if (privileged) return [{ allow: true, access: 'rwm' }];
  return [
    { allow: false, access: 'rwm' },
    { allow: true, type: 'c', access: 'm' },
    { allow: true, type: 'b', access: 'm' },
    char(1, 3),
    char(1, 5),
    char(1, 7),
    char(1, 8),
    char(1, 9),
    char(5, 0),
    char(5, 1),
    char(5, 2),
    char(136, undefined),
    char(10, 200),
  ];
}
