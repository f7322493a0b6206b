import { existsSync } from 'node:fs';
import type { Process, Spec } from '../oci';
import { InvalidConfigError } from '../errors';

// The host's security modules, as runc tells them apart.
function selinuxEnabled(): boolean {
  return existsSync('/sys/fs/selinux/enforce');
}

function apparmorEnabled(): boolean {
  return existsSync('/sys/module/apparmor/parameters/enabled') || existsSync('/sys/kernel/security/apparmor');
}

/**
 * Properties this runtime cannot honour: refused by name rather than silently ignored. A process
 * label is refused like runc refuses it on a host without that module ("selinux label is specified
 * in config, but selinux is disabled", "apparmor failed to apply profile"); on a host with the
 * module berth-runtime refuses it too, as it cannot apply labels.
 */
export function refuseUnsupportedProcess(proc: Process, field = 'process'): void {
  if (proc.apparmorProfile)
    throw new InvalidConfigError(
      apparmorEnabled()
        ? `${field}.apparmorProfile: AppArmor profiles are not supported by berth-runtime`
        : `${field}.apparmorProfile: AppArmor is not enabled on this host`,
    );
  if (proc.selinuxLabel)
    throw new InvalidConfigError(
      selinuxEnabled()
        ? `${field}.selinuxLabel: SELinux labels are not supported by berth-runtime`
        : `${field}.selinuxLabel: SELinux is disabled or not supported on this host`,
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
}
