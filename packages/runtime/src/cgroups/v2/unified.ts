// linux.resources.unified: raw cgroup v2 "file → value" pairs, written after everything else so they
// override the converted values. A key must name a file of a controller the cgroup can use.
import * as path from 'node:path';
import { hasCgroupFile, writeCgroupFile } from '../cgroupfs';
import { type Controller, resourceField } from '../controller';
import { CgroupInvalidArgumentError, CgroupUnsupportedError } from '../errors';
import type { LinuxResources } from '../spec-types';

// Writing these would move, kill or re-parent processes, not set a resource.
const FORBIDDEN_KEYS = new Set([
  'cgroup.procs',
  'cgroup.threads',
  'cgroup.kill',
  'cgroup.subtree_control',
  'cgroup.type',
]);

export function checkUnifiedKey(key: string, usable: readonly string[]): void {
  const field = resourceField(`unified[${JSON.stringify(key)}]`);
  if (
    key === '' ||
    key.includes('/') ||
    key.includes('\0') ||
    key === '.' ||
    key === '..' ||
    key.includes('..')
  ) {
    throw new CgroupInvalidArgumentError(`${field}: not a cgroup interface file name`, field);
  }
  if (FORBIDDEN_KEYS.has(key)) {
    throw new CgroupInvalidArgumentError(`${field}: ${key} is not a resource setting`, field);
  }
  const controller = key.slice(0, key.indexOf('.'));
  if (!key.includes('.') || (controller !== 'cgroup' && !usable.includes(controller))) {
    throw new CgroupUnsupportedError(
      `${field}: controller ${JSON.stringify(controller || key)} is not available in this cgroup (available: ${usable.join(', ') || 'none'})`,
      field,
    );
  }
}

/** The controller names a unified map needs enabled (everything but the core "cgroup." files). */
export function unifiedControllers(resources: LinuxResources): string[] {
  return [
    ...new Set(Object.keys(resources.unified ?? {}).map((key) => key.slice(0, key.indexOf('.')))),
  ].filter((name) => name !== '' && name !== 'cgroup');
}

/** `usable`: the controllers this cgroup can use (for hybrid layouts, only what cgroup2 holds). */
export function unifiedController(usable: readonly string[]): Controller {
  return {
    name: 'unified',
    version: 2,
    handles: ['unified'],
    check(resources: LinuxResources): void {
      for (const [key, value] of Object.entries(resources.unified ?? {})) {
        checkUnifiedKey(key, usable);
        const field = resourceField(`unified[${JSON.stringify(key)}]`);
        if (typeof value !== 'string') {
          throw new CgroupInvalidArgumentError(`${field}: the value must be a string`, field);
        }
      }
    },
    set(dir: string, resources: LinuxResources): void {
      for (const [key, value] of Object.entries(resources.unified ?? {})) {
        const field = resourceField(`unified[${JSON.stringify(key)}]`);
        if (!hasCgroupFile(dir, key)) {
          throw new CgroupUnsupportedError(
            `${field}: ${path.join(dir, key)} does not exist in this kernel`,
            field,
          );
        }
        writeCgroupFile(dir, key, value, field);
      }
    },
  };
}
