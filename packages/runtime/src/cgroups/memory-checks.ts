// Memory value checks shared by the v1 and v2 memory controllers.
import { resourceField } from './controller';
import { CgroupInvalidArgumentError } from './errors';
import type { LinuxMemory } from './spec-types';
import { checkInteger } from './validate';

/** Byte limits: -1 for unlimited, 0 for "leave as is", otherwise a positive byte count. */
function checkLimit(value: number | undefined, name: keyof LinuxMemory): void {
  if (value !== undefined) checkInteger(value, resourceField(`memory.${name}`), { min: -1 });
}

export function checkMemoryValues(memory: LinuxMemory): void {
  checkLimit(memory.limit, 'limit');
  checkLimit(memory.reservation, 'reservation');
  checkLimit(memory.swap, 'swap');
  checkLimit(memory.kernel, 'kernel');
  checkLimit(memory.kernelTCP, 'kernelTCP');
  if (memory.swappiness !== undefined) {
    checkInteger(memory.swappiness, resourceField('memory.swappiness'), { min: 0, max: 100 });
  }
  const limit = memory.limit ?? 0;
  const swap = memory.swap ?? 0;
  if (limit > 0 && swap > 0 && swap < limit) {
    throw new CgroupInvalidArgumentError(
      `${resourceField('memory.swap')}: ${swap} is below memory.limit ${limit} (swap is the memory+swap total)`,
      resourceField('memory.swap'),
    );
  }
}

/** checkBeforeUpdate: a new limit below what the cgroup already uses is refused, not applied. */
export function checkMemoryBeforeUpdate(memory: LinuxMemory, usage: number): void {
  const limit = memory.limit ?? 0;
  if (limit > 0 && limit < usage) {
    throw new CgroupInvalidArgumentError(
      `${resourceField('memory.limit')}: ${limit} is below the current usage ${usage} (checkBeforeUpdate is set)`,
      resourceField('memory.limit'),
    );
  }
}
