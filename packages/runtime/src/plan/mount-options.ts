// The OCI runtime spec's mount options: mount(2) flags and propagation (the tables shared with
// @berth/sys, bundled from its native-free entry), plus what runc adds on top: recursive
// mount_setattr(2) attributes and the tmpcopyup / idmap extensions.
import {
  FLAG_OPTION_WORDS,
  MS,
  PROPAGATION_OPTION_WORDS,
  flagOption,
  propagationFlags,
} from '@berth/sys/mount-flags';

export { MS, propagationFlags };

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
    const flag = flagOption(option);
    const recursive = Object.hasOwn(RECURSIVE_OPTIONS, option) ? RECURSIVE_OPTIONS[option] : undefined;
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
  ...FLAG_OPTION_WORDS,
  ...PROPAGATION_OPTION_WORDS,
  ...Object.keys(RECURSIVE_OPTIONS),
  ...EXTENSIONS,
].sort();
