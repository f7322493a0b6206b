import { promises as fs } from 'node:fs';
import { run } from '../util/run';
import { ipBatch } from './ip-batch';

/** Whether a network interface exists in the host namespace. */
export async function linkExists(name: string): Promise<boolean> {
  return fs
    .access(`/sys/class/net/${name}`)
    .then(() => true)
    .catch(() => false);
}

/** Names of host interfaces starting with `prefix` (for sweeping veths a crash left behind). */
export async function linksWithPrefix(prefix: string): Promise<string[]> {
  return (await fs.readdir('/sys/class/net')).filter((name) => name.startsWith(prefix));
}

/**
 * Deletes host links that exist, in one batch. A veth's peer goes with it, so when the list
 * holds both ends the batch stops at the second; the rest are then deleted one by one.
 */
export async function deleteLinks(names: string[]): Promise<void> {
  const present: string[] = [];
  for (const name of names) if (await linkExists(name)) present.push(name);
  try {
    await ipBatch(present.map((name) => `link del ${name}`));
  } catch (error) {
    for (const name of present) {
      if (await linkExists(name)) await ipBatch([`link del ${name}`]).catch(() => undefined);
    }
    if ((await Promise.all(present.map(linkExists))).some(Boolean)) throw error;
  }
}

/** Writes a sysctl through /proc, given as path parts so interface names may contain dots. */
export async function setSysctl(parts: string[], value: string): Promise<void> {
  await fs.writeFile(`/proc/sys/${parts.join('/')}`, value);
}

/** The host's IPv4 routes as `ip -j` JSON, for choosing subnets nobody routes. */
export async function hostRoutesJson(): Promise<string> {
  return run('ip', ['-j', '-4', 'route', 'show', 'table', 'all']);
}
