import type { LinuxSeccomp } from '../oci';
import { OCI_RUNTIME_SPEC_VERSION } from '../oci';
import type { ContainerRecord } from '../state/container-record';
import { ociState } from '../state/status';

/** The containerProcessState sent with the notify fd to seccomp.listenerPath (config-linux.md). */
export function seccompProcessState(
  record: ContainerRecord,
  seccomp: LinuxSeccomp,
  pid = record.pid,
): object {
  return {
    ociVersion: OCI_RUNTIME_SPEC_VERSION,
    fds: ['seccompFd'],
    pid,
    metadata: seccomp.listenerMetadata ?? '',
    state: ociState(record, 'creating'),
  };
}
