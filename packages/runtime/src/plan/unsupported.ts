import type { Process, Spec } from '../oci';
import { InvalidConfigError } from '../errors';

/** Properties this runtime cannot honour: refused by name rather than silently ignored. */
export function refuseUnsupportedProcess(proc: Process, field = 'process'): void {
  if (proc.scheduler) throw new InvalidConfigError(`${field}.scheduler: not supported by berth-runtime`);
  if (proc.execCPUAffinity)
    throw new InvalidConfigError(`${field}.execCPUAffinity: not supported by berth-runtime`);
  if (proc.apparmorProfile)
    throw new InvalidConfigError(`${field}.apparmorProfile: AppArmor is not supported by berth-runtime`);
  if (proc.selinuxLabel)
    throw new InvalidConfigError(`${field}.selinuxLabel: SELinux is not supported by berth-runtime`);
}

export function refuseUnsupportedLinux(spec: Spec): void {
  const linux = spec.linux ?? {};
  if (linux.intelRdt) throw new InvalidConfigError('linux.intelRdt: not supported by berth-runtime');
  if (linux.netDevices && Object.keys(linux.netDevices).length > 0) {
    throw new InvalidConfigError('linux.netDevices: not supported by berth-runtime');
  }
  if (linux.memoryPolicy) throw new InvalidConfigError('linux.memoryPolicy: not supported by berth-runtime');
  if (linux.mountLabel)
    throw new InvalidConfigError('linux.mountLabel: SELinux is not supported by berth-runtime');
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
