import { existsSync } from 'node:fs';
import type { State } from '../oci';
import { OCI_RUNTIME_SPEC_VERSION } from '../oci';
import { tryLoadContainerCgroups } from '../cgroups-adapter';
import type { ContainerRecord, ContainerStatus } from './container-record';
import { sameProcessAlive } from './process-info';

/** The container's status now, from its init process, exec fifo and freezer (runc's rules). */
export function containerStatus(record: ContainerRecord, fifoPath: string): ContainerStatus {
  if (!sameProcessAlive(record.pid, record.initStartTime)) return 'stopped';
  if (existsSync(fifoPath)) return 'created';
  try {
    const cgroups = tryLoadContainerCgroups(record.cgroupPaths);
    if (cgroups && cgroups.getFreezerState() === 'FROZEN') return 'paused';
  } catch {
    // no freezer: a container that cannot be paused is running
  }
  return 'running';
}

/** The state document hooks receive on stdin (runtime.md "State"). */
export function ociState(record: ContainerRecord, status: ContainerStatus): State {
  const state: State = {
    ociVersion: OCI_RUNTIME_SPEC_VERSION,
    id: record.id,
    status: status === 'paused' ? 'running' : status,
    bundle: record.bundle,
  };
  if (status !== 'stopped') state.pid = record.pid;
  if (record.annotations && Object.keys(record.annotations).length > 0)
    state.annotations = record.annotations;
  return state;
}

/** What `state` prints: runc's layout (the OCI state plus rootfs, created and owner). */
export interface StateOutput {
  ociVersion: string;
  id: string;
  pid: number;
  status: ContainerStatus;
  bundle: string;
  rootfs: string;
  created: string;
  owner: string;
  annotations?: Record<string, string>;
}

export function stateOutput(record: ContainerRecord, status: ContainerStatus): StateOutput {
  const out: StateOutput = {
    ociVersion: OCI_RUNTIME_SPEC_VERSION,
    id: record.id,
    pid: status === 'stopped' ? 0 : record.pid,
    status,
    bundle: record.bundle,
    rootfs: record.rootfs,
    created: record.created,
    owner: record.owner,
  };
  if (record.annotations && Object.keys(record.annotations).length > 0) out.annotations = record.annotations;
  return out;
}
