// The systemd cgroup driver's cgroupsPath form "slice:prefix:name" (runc --systemd-cgroup). Creating
// a transient scope needs systemd over D-Bus; without a running systemd this is a precondition error.
import { existsSync } from 'node:fs';
import { CgroupInvalidArgumentError, CgroupUnsupportedError } from './errors';

const FIELD = 'linux.cgroupsPath';

export interface SystemdCgroupPath {
  slice: string;
  prefix: string;
  name: string;
}

export function parseSystemdCgroupPath(id: string, cgroupsPath: string | undefined): SystemdCgroupPath {
  if (cgroupsPath === undefined || cgroupsPath === '') {
    return { slice: 'system.slice', prefix: 'berth', name: id };
  }
  const parts = cgroupsPath.split(':');
  if (parts.length !== 3) {
    throw new CgroupInvalidArgumentError(
      `${FIELD}: ${JSON.stringify(cgroupsPath)} is not in the systemd form "slice:prefix:name"`,
      FIELD,
    );
  }
  const [slice, prefix, name] = parts as [string, string, string];
  if (slice !== '' && !slice.endsWith('.slice')) {
    throw new CgroupInvalidArgumentError(
      `${FIELD}: ${JSON.stringify(slice)} is not a systemd slice name`,
      FIELD,
    );
  }
  if (name === '' || parts.some((part) => part.includes('/'))) {
    throw new CgroupInvalidArgumentError(
      `${FIELD}: ${JSON.stringify(cgroupsPath)} has an empty name or a "/"`,
      FIELD,
    );
  }
  return { slice: slice === '' ? 'system.slice' : slice, prefix, name };
}

/** sd_booted(3)'s test: systemd creates this directory when it runs as PID 1. */
export function systemdIsRunning(runDir = '/run/systemd/system'): boolean {
  return existsSync(runDir);
}

/**
 * Validates the systemd form and explains why the systemd driver cannot be used. Berth drives cgroups
 * through cgroupfs only; the systemd driver (transient scopes over D-Bus) is not implemented yet.
 */
export function rejectSystemdDriver(id: string, cgroupsPath: string | undefined, runDir?: string): never {
  const parsed = parseSystemdCgroupPath(id, cgroupsPath);
  const unit = `${parsed.slice}:${parsed.prefix}:${parsed.name}`;
  if (!systemdIsRunning(runDir)) {
    throw new CgroupUnsupportedError(
      `--systemd-cgroup: systemd is not running on this host (no /run/systemd/system), cannot create ${unit}; run without --systemd-cgroup`,
      FIELD,
    );
  }
  throw new CgroupUnsupportedError(
    `--systemd-cgroup: the systemd cgroup driver is not supported by berth-runtime yet (${unit}); run without --systemd-cgroup`,
    FIELD,
  );
}
