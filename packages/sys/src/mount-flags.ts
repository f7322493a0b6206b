// mount(2) and umount2(2) flags and mount(8)'s option-word tables, and nothing native: the
// runtime's CLI bundles this file alone (@berth/sys/mount-flags) without loading the addon.

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

/** An option word's [flag, set (true) or clear (false)]; undefined for any other word. */
export function flagOption(word: string): readonly [number, boolean] | undefined {
  // Own keys only: an inherited name such as "toString" is no mount option.
  return Object.hasOwn(FLAG_OPTIONS, word) ? FLAG_OPTIONS[word] : undefined;
}

/** A propagation word's flags ("rslave": MS_SLAVE | MS_REC); undefined for any other word. */
export function propagationFlags(word: string): number | undefined {
  return Object.hasOwn(PROPAGATION_OPTIONS, word) ? PROPAGATION_OPTIONS[word] : undefined;
}

/** Every flag word and every propagation word the tables know. */
export const FLAG_OPTION_WORDS: readonly string[] = Object.keys(FLAG_OPTIONS);
export const PROPAGATION_OPTION_WORDS: readonly string[] = Object.keys(PROPAGATION_OPTIONS);
