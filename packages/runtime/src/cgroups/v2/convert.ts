// v1-style spec values → cgroup v2 interface values, with the same formulas runc and crun use so a
// config means the same under every runtime.
import { resourceField } from '../controller';
import { CgroupInvalidArgumentError } from '../errors';

/** cpu.shares [2, 262144] → cpu.weight [1, 10000], linearly. 0 means "not set". */
export function cpuSharesToWeight(shares: number): number {
  if (shares === 0) return 0;
  return 1 + Math.floor(((shares - 2) * 9999) / 262142);
}

/** blkio.weight [10, 1000] → io.weight [1, 10000], linearly. 0 means "not set". */
export function blkioWeightToIoWeight(weight: number): number {
  if (weight === 0) return 0;
  return 1 + Math.floor(((weight - 10) * 9999) / 990);
}

/**
 * The spec's memory.swap is memory+swap (v1 memsw); v2's memory.swap.max is swap alone.
 * Returns -1 for "max", 0 for "leave as is", else bytes of swap.
 */
export function memorySwapToV2(memswap: number, memory: number): number {
  // As on v1: an unlimited memory with swap unset means unlimited swap too.
  if (memory === -1 && memswap === 0) return -1;
  if (memswap === -1 || memswap === 0) return memswap;
  const field = resourceField('memory.swap');
  if (memory === 0 || memory === -1) {
    throw new CgroupInvalidArgumentError(`${field}: a swap limit needs a memory.limit on cgroup v2`, field);
  }
  if (memswap < memory) {
    throw new CgroupInvalidArgumentError(
      `${field}: ${memswap} is below memory.limit ${memory} (swap is the memory+swap total)`,
      field,
    );
  }
  return memswap - memory;
}

/** -1 → "max"; any other number as the kernel parses it. */
export function maxOrNumber(value: number): string {
  return value === -1 ? 'max' : BigInt(value).toString();
}
