import { createHash } from 'node:crypto';
import { InvalidArgumentError } from '../errors';

/** Linux limits interface names to 15 bytes (IFNAMSIZ - 1). */
export const IFNAME_MAX = 15;
const IFNAME = /^[A-Za-z0-9_.-]{1,15}$/;

export function checkIfname(name: string, field: string): string {
  if (!IFNAME.test(name) || name === '.' || name === '..') {
    throw new InvalidArgumentError(
      `${field}: ${JSON.stringify(name)} is not a valid interface name (1-15 of A-Za-z0-9_.-)`,
    );
  }
  return name;
}

/**
 * The host end of a container's veth on a network: prefix + hash of (container, network), so
 * reconciliation can recognise a veth by name even if a crash lost the record that made it.
 */
export function hostVethName(prefix: string, containerId: string, networkId: string): string {
  const hash = createHash('sha256').update(`${containerId}\0${networkId}`).digest('hex');
  return prefix + hash.slice(0, IFNAME_MAX - prefix.length);
}
