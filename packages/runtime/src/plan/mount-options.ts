/** mount(2) flags (linux/mount.h). */
export const MS = {
  RDONLY: 1,
  NOSUID: 2,
  NODEV: 4,
  NOEXEC: 8,
  SYNCHRONOUS: 16,
  REMOUNT: 32,
  MANDLOCK: 64,
  DIRSYNC: 128,
  NOSYMFOLLOW: 256,
  NOATIME: 1024,
  NODIRATIME: 2048,
  BIND: 4096,
  REC: 16384,
  SILENT: 32768,
  UNBINDABLE: 1 << 17,
  PRIVATE: 1 << 18,
  SLAVE: 1 << 19,
  SHARED: 1 << 20,
  RELATIME: 1 << 21,
  I_VERSION: 1 << 23,
  STRICTATIME: 1 << 24,
  LAZYTIME: 1 << 25,
} as const;

/** mount_setattr(2) attributes. */
const ATTR = {
  RDONLY: 0x1,
  NOSUID: 0x2,
  NODEV: 0x4,
  NOEXEC: 0x8,
  ATIME_MASK: 0x70,
  RELATIME: 0,
  NOATIME: 0x10,
  STRICTATIME: 0x20,
  NODIRATIME: 0x80,
  NOSYMFOLLOW: 0x200000,
} as const;

/** Option → [flag, set (true) or clear (false)], the spec's table of mount(2) options. */
const FLAG_OPTIONS: Record<string, [number, boolean]> = {
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

const PROPAGATION_OPTIONS: Record<string, number> = {
  private: MS.PRIVATE,
  rprivate: MS.PRIVATE | MS.REC,
  shared: MS.SHARED,
  rshared: MS.SHARED | MS.REC,
  slave: MS.SLAVE,
  rslave: MS.SLAVE | MS.REC,
  unbindable: MS.UNBINDABLE,
  runbindable: MS.UNBINDABLE | MS.REC,
};

/** A propagation word's flags ("rslave": MS_SLAVE | MS_REC); undefined for any other word. */
export function propagationFlags(word: string): number | undefined {
  // Own keys only: an inherited name such as "toString" is no propagation.
  return Object.hasOwn(PROPAGATION_OPTIONS, word) ? PROPAGATION_OPTIONS[word] : undefined;
}

/** Recursive (mount_setattr AT_RECURSIVE) options → [attr, set or clear, extra bits to clear]. */
const RECURSIVE_OPTIONS: Record<string, [number, boolean, number]> = {
  rro: [ATTR.RDONLY, true, 0],
  rrw: [ATTR.RDONLY, false, 0],
  rnosuid: [ATTR.NOSUID, true, 0],
  rsuid: [ATTR.NOSUID, false, 0],
  rnodev: [ATTR.NODEV, true, 0],
  rdev: [ATTR.NODEV, false, 0],
  rnoexec: [ATTR.NOEXEC, true, 0],
  rexec: [ATTR.NOEXEC, false, 0],
  rnodiratime: [ATTR.NODIRATIME, true, 0],
  rdiratime: [ATTR.NODIRATIME, false, 0],
  rrelatime: [ATTR.RELATIME, true, ATTR.ATIME_MASK],
  rnorelatime: [ATTR.RELATIME, false, 0],
  rnoatime: [ATTR.NOATIME, true, ATTR.ATIME_MASK],
  ratime: [ATTR.NOATIME, false, 0],
  rstrictatime: [ATTR.STRICTATIME, true, ATTR.ATIME_MASK],
  rnostrictatime: [ATTR.STRICTATIME, false, 0],
  rnosymfollow: [ATTR.NOSYMFOLLOW, true, 0],
  rsymfollow: [ATTR.NOSYMFOLLOW, false, 0],
};

/** Options that are runtime extensions rather than mount(2) options. */
const EXTENSIONS = new Set(['tmpcopyup', 'idmap', 'ridmap']);

export interface ParsedMountOptions {
  flags: number;
  propagation: number;
  attrSet: number;
  attrClr: number;
  /** Comma-joined options passed to the filesystem as data. */
  data: string;
  extensions: string[];
}

/** Sorts options into mount(2) flags, propagation, mount_setattr(2) attributes, extensions and data. */
export function parseMountOptions(options: readonly string[]): ParsedMountOptions {
  const out: ParsedMountOptions = {
    flags: 0,
    propagation: 0,
    attrSet: 0,
    attrClr: 0,
    data: '',
    extensions: [],
  };
  const data: string[] = [];
  for (const option of options) {
    const flag = FLAG_OPTIONS[option];
    const recursive = RECURSIVE_OPTIONS[option];
    const propagation = propagationFlags(option);
    if (flag) {
      out.flags = flag[1] ? out.flags | flag[0] : out.flags & ~flag[0];
    } else if (propagation !== undefined) {
      out.propagation |= propagation;
    } else if (recursive) {
      const [attr, set, clear] = recursive;
      if (set) {
        out.attrSet |= attr;
        out.attrClr |= clear;
      } else {
        out.attrClr |= attr === 0 ? ATTR.ATIME_MASK : attr;
      }
    } else if (EXTENSIONS.has(option)) {
      out.extensions.push(option);
    } else {
      data.push(option);
    }
  }
  out.data = data.join(',');
  return out;
}

/** Every option parseMountOptions understands (for `features`). */
export const SUPPORTED_MOUNT_OPTIONS: readonly string[] = [
  ...Object.keys(FLAG_OPTIONS),
  ...Object.keys(PROPAGATION_OPTIONS),
  ...Object.keys(RECURSIVE_OPTIONS),
  ...EXTENSIONS,
].sort();
