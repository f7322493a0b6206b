import { readFileSync } from 'node:fs';
import { CAPABILITIES } from '../oci';
import { InvalidConfigError } from '../errors';

/** A capability list as a bit mask (CAPABILITIES is in kernel number order); unknown names fail naming the field. */
export function capabilityMask(names: readonly string[] | undefined, field: string): bigint {
  let mask = 0n;
  for (const name of names ?? []) {
    const bit = (CAPABILITIES as readonly string[]).indexOf(name);
    if (bit < 0) throw new InvalidConfigError(`${field}: unknown capability "${name}"`);
    mask |= 1n << BigInt(bit);
  }
  return mask;
}

/** The capabilities this process may grant (its permitted set): nothing outside it can be given. */
export function grantableMask(): bigint {
  const match = /^CapPrm:\s*([0-9a-f]+)$/m.exec(readFileSync('/proc/self/status', 'utf8'));
  return match ? BigInt(`0x${match[1]}`) : ~0n;
}

/** The spec requires an error for a capability that cannot be granted; name each one. */
export function checkGrantable(mask: bigint, field: string, grantable = grantableMask()): void {
  const missing = (CAPABILITIES as readonly string[]).filter(
    (_, bit) => (mask & ~grantable & (1n << BigInt(bit))) !== 0n,
  );
  if (missing.length > 0) {
    throw new InvalidConfigError(
      `${field}: ${missing.join(', ')} cannot be granted: berth-runtime does not hold ${missing.length > 1 ? 'them' : 'it'}`,
    );
  }
}
