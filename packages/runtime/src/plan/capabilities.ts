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
