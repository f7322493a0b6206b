import { readFile } from 'node:fs/promises';

/** A mount that involves a directory: mounted below it, or built from it (overlay layers, bind source). */
export interface MountUsingDir {
  mountPoint: string;
  fsType: string;
  /** The paths of `dir` the mount uses: its mount point and/or overlay lowerdir(+)/datadir+/upperdir/workdir entries. */
  paths: string[];
}

const decode = (field: string) =>
  field.replace(/\\([0-7]{3})/g, (_, octal: string) => String.fromCharCode(Number.parseInt(octal, 8)));

/**
 * Mounts in /proc/self/mountinfo that are at or below `dir`, or overlays whose layers live
 * there (a container's rootfs left mounted by a crashed caller keeps our snapshot directories
 * busy even though its mount point is elsewhere).
 */
export async function mountsUsing(
  dir: string,
  mountinfoPath = '/proc/self/mountinfo',
): Promise<MountUsingDir[]> {
  const text = await readFile(mountinfoPath, 'utf8');
  const prefix = dir.endsWith('/') ? dir : `${dir}/`;
  const inside = (path: string) => path === dir || path.startsWith(prefix);
  const result: MountUsingDir[] = [];
  for (const line of text.split('\n')) {
    const [before, after] = line.split(' - ');
    if (before === undefined || after === undefined) continue;
    const mountPoint = decode(before.split(' ')[4] ?? '');
    const [fsType = '', , superOptions = ''] = after.split(' ');
    const paths: string[] = [];
    if (inside(mountPoint)) paths.push(mountPoint);
    if (fsType === 'overlay') {
      for (const option of superOptions.split(',')) {
        // An overlay mounted with options over a page (fsconfig, Linux 6.8+: @berth/sys) lists
        // its layers one per "lowerdir+=" (or "datadir+=") entry, each a single path.
        const match = /^(lowerdir|upperdir|workdir|lowerdir\+|datadir\+)=(.*)$/.exec(option);
        if (!match) continue;
        const values = match[1]!.endsWith('+') ? [match[2]!] : match[2]!.split(':');
        for (const path of values.map(decode)) if (inside(path)) paths.push(path);
      }
    }
    if (paths.length > 0) result.push({ mountPoint, fsType, paths });
  }
  return result;
}
