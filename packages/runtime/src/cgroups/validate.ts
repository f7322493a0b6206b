// Checks on resource values that the kernel would otherwise reject with a bare EINVAL, or worse,
// accept and clamp silently. Messages name the config.json field.
import { CgroupInvalidArgumentError } from './errors';

export interface IntegerBounds {
  min?: number;
  max?: number;
}

export function checkInteger(value: unknown, field: string, bounds: IntegerBounds = {}): number {
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    throw new CgroupInvalidArgumentError(`${field}: ${JSON.stringify(value)} is not an integer`, field);
  }
  if (bounds.min !== undefined && value < bounds.min) {
    throw new CgroupInvalidArgumentError(`${field}: ${value} is below the minimum ${bounds.min}`, field);
  }
  if (bounds.max !== undefined && value > bounds.max) {
    throw new CgroupInvalidArgumentError(`${field}: ${value} is above the maximum ${bounds.max}`, field);
  }
  return value;
}

export function checkBoolean(value: unknown, field: string): boolean {
  if (typeof value !== 'boolean') {
    throw new CgroupInvalidArgumentError(`${field}: ${JSON.stringify(value)} is not a boolean`, field);
  }
  return value;
}

const CPU_LIST = /^\d+(-\d+)?(,\d+(-\d+)?)*$/;

/** A cpuset list such as "0-3,6": the kernel's list format (cpuset(7)). */
export function checkCpuList(value: unknown, field: string): string {
  if (typeof value !== 'string' || !CPU_LIST.test(value)) {
    throw new CgroupInvalidArgumentError(
      `${field}: ${JSON.stringify(value)} is not a list such as "0-3,6"`,
      field,
    );
  }
  for (const range of value.split(',')) {
    const [low, high] = range.split('-').map(Number);
    if (high !== undefined && high < low!) {
      throw new CgroupInvalidArgumentError(`${field}: range ${range} runs backwards`, field);
    }
  }
  return value;
}

/** A device number as the spec gives it: a non-negative integer. */
export function checkDeviceNumber(value: unknown, field: string): number {
  return checkInteger(value, field, { min: 0, max: 2 ** 32 - 1 });
}
