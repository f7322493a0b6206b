// mount(8)'s option words turned into mount(2) flags and filesystem data, so that callers
// holding option lists (OCI mounts, snapshot mounts, docker volume options) mount in-process
// exactly as `mount -t <type> -o <options>` would.
import { SysError } from './errors';
import { flagOption, propagationFlags } from './mount-flags';

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
    const flag = flagOption(option);
    const propagationChange = propagationFlags(option);
    if (flag) {
      flags = flag[1] ? flags | flag[0] : flags & ~flag[0];
    } else if (propagationChange !== undefined) {
      propagation.push(propagationChange);
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
