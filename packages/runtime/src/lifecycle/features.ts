import { release } from 'node:os';
import type { Features } from '../oci';
import { CAPABILITIES, OCI_RUNTIME_SPEC_VERSION } from '../oci';
import { supportedSeccomp } from '../seccomp';
import { CLONE_FLAGS } from '../plan/kernel-constants';
import { SUPPORTED_MOUNT_OPTIONS } from '../plan/mount-options';

/** `features`: what this runtime really implements (features.md, features-linux.md). */
export function runtimeFeatures(): Features {
  return {
    ociVersionMin: '1.0.0',
    ociVersionMax: OCI_RUNTIME_SPEC_VERSION,
    hooks: ['prestart', 'createRuntime', 'createContainer', 'startContainer', 'poststart', 'poststop'],
    mountOptions: [...SUPPORTED_MOUNT_OPTIONS],
    linux: {
      namespaces: Object.keys(CLONE_FLAGS),
      capabilities: [...CAPABILITIES],
      cgroup: { v1: true, v2: true, systemd: false, systemdUser: false, rdma: true },
      seccomp: supportedSeccomp(),
      apparmor: { enabled: false },
      selinux: { enabled: false },
      intelRdt: { enabled: false },
      mountExtensions: { idmap: { enabled: idmappedMountsSupported() } },
      netDevices: { enabled: false },
    },
  };
}

/** mount_setattr(2) with MOUNT_ATTR_IDMAP arrived in Linux 5.12 (each filesystem opts in too). */
function idmappedMountsSupported(): boolean {
  const [major, minor] = release().split('.').map(Number);
  return major > 5 || (major === 5 && minor >= 12);
}
