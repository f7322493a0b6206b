// Everything the engine keeps about one container; written atomically on every change so a
// restarted engine (even after kill -9) knows each container and how to reach its shim.
import type { ContainerConfig } from '@berth/oci';
import type { PortMapping } from '../options/ports';
import type { ContainerSettings } from './container-settings';
import type { ContainerState } from './container-state';

/** A mount as the container got it (volume names resolved), for inspect and volume refcounts. */
export interface MountRecord {
  kind: 'bind' | 'volume' | 'tmpfs';
  /** Volume name for volumes, host path for binds, '' for tmpfs. */
  name: string;
  /** Host path (volume data directory or bind source). */
  source: string;
  destination: string;
  readOnly: boolean;
  propagation: string;
  /** Created for this container without a name: removed with `rm -v`. */
  anonymous: boolean;
}

/** One network attachment as berth-network reported it. */
export interface EndpointRecord {
  network: string;
  networkId: string;
  endpointId: string;
  ipAddress: string;
  prefixLength: number;
  gateway: string;
  macAddress: string;
  aliases: string[];
}

export interface ContainerRecord {
  /** Bumped when the record's shape changes incompatibly. */
  version: 1;
  id: string;
  name: string;
  /** ISO time. */
  created: string;
  settings: ContainerSettings;
  /** Image id (sha256:...) the container was created from. */
  imageId: string;
  /** The image's fully qualified name at create time. */
  imageName: string;
  /** The image's execution config, kept so the container runs even if the image is removed. */
  imageConfig: ContainerConfig;
  state: ContainerState;
  restartCount: number;
  /** The user stopped it (stop/kill through the API): restart policies leave it alone. */
  manuallyStopped: boolean;
  /** Host ports actually bound (random ones filled in) while it runs. */
  ports: PortMapping[];
  endpoints: EndpointRecord[];
  mounts: MountRecord[];
  /** berth-shim socket that owns the task, when one was started. */
  shimSocket: string;
  /** Path of the network namespace bind mount, '' for none or host. */
  netnsPath: string;
  /** Bundle directory (config.json, rootfs mount point). */
  bundle: string;
  logPath: string;
}
