// Capability sets: docker's default set, and --cap-add/--cap-drop/--privileged on top of it.
import { CAPABILITIES, type Capabilities, type Capability } from '@berth/oci';
import { InvalidOptionError } from '../errors';

/**
 * What docker grants a container by default: enough for ordinary daemons (chown files, bind
 * low ports, switch users, send signals, raw sockets for ping) and nothing that reaches the
 * host kernel (no SYS_ADMIN, NET_ADMIN, SYS_MODULE, SYS_PTRACE...).
 */
export const DEFAULT_CAPABILITIES: readonly Capability[] = [
  'CAP_CHOWN',
  'CAP_DAC_OVERRIDE',
  'CAP_FSETID',
  'CAP_FOWNER',
  'CAP_MKNOD',
  'CAP_NET_RAW',
  'CAP_SETGID',
  'CAP_SETUID',
  'CAP_SETFCAP',
  'CAP_SETPCAP',
  'CAP_NET_BIND_SERVICE',
  'CAP_SYS_CHROOT',
  'CAP_KILL',
  'CAP_AUDIT_WRITE',
];

const KNOWN = new Set<string>(CAPABILITIES);

/** "net_admin", "NET_ADMIN" and "CAP_NET_ADMIN" all name CAP_NET_ADMIN; "ALL" stays "ALL". */
export function normalizeCapability(name: string, field: string): Capability | 'ALL' {
  const upper = name.trim().toUpperCase();
  if (upper === 'ALL') return 'ALL';
  const full = upper.startsWith('CAP_') ? upper : `CAP_${upper}`;
  if (!KNOWN.has(full)) throw new InvalidOptionError(field, `unknown capability "${name}"`);
  return full as Capability;
}

export interface CapabilityOptions {
  capAdd?: string[];
  capDrop?: string[];
  privileged?: boolean;
}

/**
 * The capabilities a process may hold, from a CapBnd mask (/proc/self/status): bit n is the
 * n-th capability, in the kernel's order, which CAPABILITIES follows.
 */
export function capabilitiesInMask(hexMask: string): Capability[] {
  const mask = BigInt(`0x${hexMask}`);
  return CAPABILITIES.filter((_, bit) => (mask >> BigInt(bit)) & 1n);
}

/**
 * The final set as docker computes it: privileged means every capability; otherwise start from
 * the defaults (or nothing when ALL is dropped), add, then drop, where an explicit add of a
 * capability wins over dropping ALL.
 */
export function resolveCapabilities(
  options: CapabilityOptions,
  available: readonly Capability[] = CAPABILITIES,
): Capability[] {
  // "All" means all the engine can hand out: inside a confined host (a container, say) the
  // runtime cannot grant what its own bounding set lacks.
  if (options.privileged) return [...available];
  const add = (options.capAdd ?? []).map((name) => normalizeCapability(name, 'cap-add'));
  const drop = (options.capDrop ?? []).map((name) => normalizeCapability(name, 'cap-drop'));
  const set = new Set<Capability>(drop.includes('ALL') ? [] : DEFAULT_CAPABILITIES);
  for (const cap of add.includes('ALL') ? available : add) if (cap !== 'ALL') set.add(cap);
  for (const cap of drop) if (cap !== 'ALL' && !add.includes(cap)) set.delete(cap);
  return CAPABILITIES.filter((cap) => set.has(cap));
}

/** The process's capability sets: bounding, effective and permitted alike; root needs no ambient. */
export function capabilitySets(caps: Capability[]): Capabilities {
  return { bounding: [...caps], effective: [...caps], permitted: [...caps] };
}
