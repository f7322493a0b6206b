// The engine's own capability bounding set: what --privileged can hand out on this host.
import { readFile } from 'node:fs/promises';
import type { Capability } from '@berth/oci';
import { capabilitiesInMask } from '../spec/capabilities';

export async function boundingCapabilities(
  statusFile = '/proc/self/status',
): Promise<Capability[] | undefined> {
  try {
    const mask = /^CapBnd:\s*([0-9a-f]+)$/m.exec(await readFile(statusFile, 'utf8'))?.[1];
    return mask === undefined ? undefined : capabilitiesInMask(mask);
  } catch {
    return undefined;
  }
}
