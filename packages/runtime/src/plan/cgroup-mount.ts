import * as path from 'node:path';
import type { Mount } from '../oci';
import type { CgroupLayout } from '../cgroups/layout';

/**
 * A config.json mount of type "cgroup" as the mounts that make it on this host: on cgroup v2
 * one cgroup2 mount; on v1 and hybrid hosts a tmpfs with one cgroup mount per hierarchy (named
 * like the host's mount points) plus the cgroup2 mount of a hybrid host. Mounted from inside
 * the container's cgroup namespace, each shows the container's own cgroup as its root.
 */
export function expandCgroupMount(mount: Mount, layout: CgroupLayout): Mount[] {
  const options = (mount.options ?? []).filter((o) => o !== 'bind' && o !== 'rbind');
  if (layout.kind === 'v2') return [{ ...mount, type: 'cgroup2', source: 'cgroup', options }];
  const out: Mount[] = [
    {
      destination: mount.destination,
      type: 'tmpfs',
      source: 'tmpfs',
      options: ['nosuid', 'nodev', 'noexec', 'mode=755'],
    },
  ];
  const byMount = new Map<string, string[]>();
  for (const [controller, hierarchy] of Object.entries(layout.v1)) {
    byMount.set(hierarchy.mountPoint, [...(byMount.get(hierarchy.mountPoint) ?? []), controller]);
  }
  for (const [mountPoint, controllers] of byMount) {
    const named = controllers.every((c) => c.startsWith('name='));
    out.push({
      destination: path.posix.join(mount.destination, path.basename(mountPoint)),
      type: 'cgroup',
      source: 'cgroup',
      options: [...options, ...(named ? ['none'] : []), ...controllers],
    });
  }
  if (layout.unified) {
    out.push({
      destination: path.posix.join(mount.destination, path.basename(layout.unified.mountPoint)),
      type: 'cgroup2',
      source: 'cgroup2',
      options,
    });
  }
  return out;
}
