import { existsSync } from 'node:fs';
import type { Process, Spec } from '../oci';
import { InvalidConfigError } from '../errors';

/** Labels mean nothing on a host without SELinux; runc and crun ignore them there, and so do we. */
function selinuxEnabled(): boolean {
  return existsSync('/sys/fs/selinux/enforce');
}

/** Properties this runtime cannot honour: refused by name rather than silently ignored. */
export function refuseUnsupportedProcess(proc: Process, field = 'process'): void {
  if (proc.execCPUAffinity)
    throw new InvalidConfigError(`${field}.execCPUAffinity: not supported by berth-runtime`);
  if (proc.apparmorProfile)
    throw new InvalidConfigError(`${field}.apparmorProfile: AppArmor is not supported by berth-runtime`);
  if (proc.selinuxLabel && selinuxEnabled())
    throw new InvalidConfigError(
      `${field}.selinuxLabel: SELinux labels are not supported by berth-runtime on an SELinux host`,
    );
}

export function refuseUnsupportedLinux(spec: Spec): void {
  const linux = spec.linux ?? {};
  if (linux.intelRdt) throw new InvalidConfigError('linux.intelRdt: not supported by berth-runtime');
  if (linux.netDevices && Object.keys(linux.netDevices).length > 0) {
    throw new InvalidConfigError('linux.netDevices: not supported by berth-runtime');
  }
  if (linux.memoryPolicy) throw new InvalidConfigError('linux.memoryPolicy: not supported by berth-runtime');
  if (linux.mountLabel && selinuxEnabled())
    throw new InvalidConfigError(
      'linux.mountLabel: SELinux labels are not supported by berth-runtime on an SELinux host',
    );
  if (linux.personality?.flags?.length)
    throw new InvalidConfigError('linux.personality.flags: not supported by berth-runtime');
  (spec.mounts ?? []).forEach((m, i) => {
    if (m.uidMappings?.length || m.gidMappings?.length) {
      throw new InvalidConfigError(
        `mounts[${i}].uidMappings: idmapped mounts are not supported by berth-runtime`,
      );
    }
  });
}
