import { readdirSync, rmdirSync } from 'node:fs';
import * as path from 'node:path';

/**
 * Removes a parent cgroup an engine created for its containers (containerd: /<namespace>,
 * podman: /libpod_parent) from every hierarchy, once it is empty. A cgroup still in use stays.
 */
export function removeEngineCgroup(name: string, root = '/sys/fs/cgroup'): void {
  for (const hierarchy of readdirSync(root)) {
    try {
      rmdirSync(path.join(root, hierarchy, name));
    } catch {
      // absent from this hierarchy, or still holding a container's cgroup
    }
  }
}
