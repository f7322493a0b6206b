import type { Spec } from '../oci';

/** What the runtime keeps on disk for one container (<root>/<id>/state.json). */
export interface ContainerRecord {
  id: string;
  bundle: string;
  rootfs: string;
  pid: number;
  /** /proc/<pid>/stat start time of init, to tell it from a later process with the same pid. */
  initStartTime: string;
  /** ISO 8601, when create finished. */
  created: string;
  owner: string;
  annotations?: Record<string, string>;
  config: Spec;
  /** Controller → cgroup directory, to rebuild the cgroup manager in later commands. */
  cgroupPaths: Record<string, string>;
  systemdCgroup?: boolean;
}

/** runc's status words: the spec's four plus "paused" for a frozen container. */
export type ContainerStatus = 'creating' | 'created' | 'running' | 'paused' | 'stopped';
