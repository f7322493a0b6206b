/** A mount for the caller to perform: `mount -t <type> -o <options joined by ,> <source> <target>`. */
export interface Mount {
  type: 'overlay' | 'bind';
  source: string;
  options: string[];
}

export interface MountLayers {
  /** Writable upper directory and overlay work directory, for active snapshots. */
  upper?: { dir: string; work: string };
  /** Committed layer directories, topmost first. */
  lowers: string[];
  /** The snapshot's own (empty) directory, for a view of nothing. */
  own: string;
}

/**
 * The mounts that present a snapshot: overlay when layers must be merged, a bind mount when a
 * single directory already is the answer (one layer, or a writable snapshot with no parent),
 * as containerd's overlay snapshotter does.
 */
export function snapshotMounts({ upper, lowers, own }: MountLayers): Mount[] {
  if (upper) {
    if (lowers.length === 0) return [{ type: 'bind', source: upper.dir, options: ['rbind', 'rw'] }];
    return [
      {
        type: 'overlay',
        source: 'overlay',
        options: [`workdir=${upper.work}`, `upperdir=${upper.dir}`, `lowerdir=${lowers.join(':')}`],
      },
    ];
  }
  if (lowers.length === 0) return [{ type: 'bind', source: own, options: ['rbind', 'ro'] }];
  if (lowers.length === 1) return [{ type: 'bind', source: lowers[0] as string, options: ['rbind', 'ro'] }];
  return [{ type: 'overlay', source: 'overlay', options: [`lowerdir=${lowers.join(':')}`] }];
}

/** Arguments for mount(8) that perform `mount` at `target`, for callers that shell out. */
export function mountCommandArgs(mount: Mount, target: string): string[] {
  const type = mount.type === 'bind' ? [] : ['-t', mount.type];
  return [...type, '-o', mount.options.join(','), mount.source, target];
}
