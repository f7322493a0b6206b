// mount(8)'s option words turned into mount(2) flags and filesystem data, so that callers
// holding option lists (OCI mounts, snapshot mounts, docker volume options) mount in-process
// exactly as `mount -t <type> -o <options>` would.
import { SysError } from './errors';

/** mount(2) flags (linux/mount.h). */
export const MS = {
  RDONLY: 0x1,
  NOSUID: 0x2,
  NODEV: 0x4,
  NOEXEC: 0x8,
  SYNCHRONOUS: 0x10,
  REMOUNT: 0x20,
  MANDLOCK: 0x40,
  DIRSYNC: 0x80,
  NOSYMFOLLOW: 0x100,
  NOATIME: 0x400,
  NODIRATIME: 0x800,
  BIND: 0x1000,
  MOVE: 0x2000,
  REC: 0x4000,
  SILENT: 0x8000,
  UNBINDABLE: 0x20000,
  PRIVATE: 0x40000,
  SLAVE: 0x80000,
  SHARED: 0x100000,
  RELATIME: 0x200000,
  I_VERSION: 0x800000,
  STRICTATIME: 0x1000000,
  LAZYTIME: 0x2000000,
} as const;

/** umount2(2) flags. */
export const MNT = {
  FORCE: 0x1,
  /** Lazy unmount: detach now, clean up once nothing uses the mount (umount -l). */
  DETACH: 0x2,
  EXPIRE: 0x4,
  /** UMOUNT_NOFOLLOW: do not follow a symlink at the target. */
  NOFOLLOW: 0x8,
} as const;

/** The propagation bits: each needs a mount(2) call of its own after the mount is made. */
export const PROPAGATION_FLAGS = MS.SHARED | MS.SLAVE | MS.PRIVATE | MS.UNBINDABLE;

/** Option → [flag, set (true) or clear (false)], mount(8)'s table (the OCI runtime spec's too). */
const FLAG_OPTIONS: Readonly<Record<string, readonly [number, boolean]>> = {
  async: [MS.SYNCHRONOUS, false],
  atime: [MS.NOATIME, false],
  bind: [MS.BIND, true],
  defaults: [0, true],
  dev: [MS.NODEV, false],
  diratime: [MS.NODIRATIME, false],
  dirsync: [MS.DIRSYNC, true],
  exec: [MS.NOEXEC, false],
  iversion: [MS.I_VERSION, true],
  lazytime: [MS.LAZYTIME, true],
  loud: [MS.SILENT, false],
  mand: [MS.MANDLOCK, true],
  noatime: [MS.NOATIME, true],
  nodev: [MS.NODEV, true],
  nodiratime: [MS.NODIRATIME, true],
  noexec: [MS.NOEXEC, true],
  noiversion: [MS.I_VERSION, false],
  nolazytime: [MS.LAZYTIME, false],
  nomand: [MS.MANDLOCK, false],
  norelatime: [MS.RELATIME, false],
  nostrictatime: [MS.STRICTATIME, false],
  nosuid: [MS.NOSUID, true],
  nosymfollow: [MS.NOSYMFOLLOW, true],
  rbind: [MS.BIND | MS.REC, true],
  relatime: [MS.RELATIME, true],
  remount: [MS.REMOUNT, true],
  ro: [MS.RDONLY, true],
  rw: [MS.RDONLY, false],
  silent: [MS.SILENT, true],
  strictatime: [MS.STRICTATIME, true],
  suid: [MS.NOSUID, false],
  sync: [MS.SYNCHRONOUS, true],
};

const PROPAGATION_OPTIONS: Readonly<Record<string, number>> = {
  private: MS.PRIVATE,
  rprivate: MS.PRIVATE | MS.REC,
  shared: MS.SHARED,
  rshared: MS.SHARED | MS.REC,
  slave: MS.SLAVE,
  rslave: MS.SLAVE | MS.REC,
  unbindable: MS.UNBINDABLE,
  runbindable: MS.UNBINDABLE | MS.REC,
};

/** Words mount(8) keeps for itself (fstab and helper bookkeeping): never sent to the kernel. */
const USERSPACE_OPTIONS = new Set([
  'auto',
  'noauto',
  'user',
  'nouser',
  'users',
  'owner',
  'group',
  'nofail',
  '_netdev',
]);
const USERSPACE_PREFIXES = ['x-', 'comment='];

/** Options that need a user-space helper mount(8) would run (losetup); refused, not ignored. */
const HELPER_OPTIONS = new Set(['loop', 'offset', 'sizelimit', 'encryption', 'helper']);

export interface MountOptionSet {
  /** mount(2) flags of the mount itself (never propagation bits). */
  flags: number;
  /** Propagation changes (MS_SHARED, MS_PRIVATE | MS_REC, ...), applied in order after the mount. */
  propagation: number[];
  /** Filesystem options, comma-joined (mount(2)'s data), '' for none. */
  data: string;
}

/**
 * Sorts mount(8) option words into flags, propagation and filesystem data, as mount(8) does:
 * later words win (`ro,rw` is rw), unknown words go to the filesystem, fstab bookkeeping words
 * (`noauto`, `x-*`, `_netdev`, ...) are dropped. Words that need a helper program (`loop`) are
 * refused with InvalidArgument.
 */
export function parseMountOptions(options: readonly string[]): MountOptionSet {
  let flags = 0;
  const propagation: number[] = [];
  const data: string[] = [];
  for (const option of options) {
    if (typeof option !== 'string') throw new SysError('InvalidArgument', 'mount options must be strings');
    if (option === '') continue;
    const flag = FLAG_OPTIONS[option];
    if (flag) {
      flags = flag[1] ? flags | flag[0] : flags & ~flag[0];
    } else if (option in PROPAGATION_OPTIONS) {
      propagation.push(PROPAGATION_OPTIONS[option] as number);
    } else if (
      USERSPACE_OPTIONS.has(option) ||
      USERSPACE_PREFIXES.some((prefix) => option.startsWith(prefix))
    ) {
      continue;
    } else if (HELPER_OPTIONS.has(option.split('=')[0] as string)) {
      throw new SysError(
        'InvalidArgument',
        `mount option "${option}" needs a helper program (losetup), which in-process mounts do not run`,
      );
    } else {
      data.push(option);
    }
  }
  return { flags, propagation, data: data.join(',') };
}

/** Splits a mount(8) `-o` string ("ro,size=64m") into its words; commas inside quotes are not special. */
export function splitMountOptions(text: string): string[] {
  const words: string[] = [];
  let word = '';
  let quoted = false;
  for (const char of text) {
    if (char === '"') quoted = !quoted;
    if (char === ',' && !quoted) {
      words.push(word);
      word = '';
    } else {
      word += char;
    }
  }
  words.push(word);
  return words.filter((option) => option !== '');
}
