import { existsSync, readdirSync, rmdirSync } from 'node:fs';
import * as path from 'node:path';

const ATTEMPTS = 50;
const RETRY_MS = 40;

/**
 * Removes a parent cgroup an engine created for its containers (containerd: /<namespace>,
 * podman: /libpod_parent) from every hierarchy once it is empty; one still in use after a short
 * wait stays.
 */
export async function removeEngineCgroup(name: string, root = '/sys/fs/cgroup'): Promise<void> {
  for (const hierarchy of readdirSync(root)) {
    const dir = path.join(root, hierarchy, name);
    // The engine's shims may still be removing the containers' own cgroups below it.
    for (let attempt = 0; attempt < ATTEMPTS && existsSync(dir); attempt++) {
      try {
        rmdirSync(dir);
      } catch {
        await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
      }
    }
  }
}
