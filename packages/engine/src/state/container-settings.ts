// What a container was created with, normalized and checked: docker's Config and HostConfig
// in one record (the proto's ContainerConfig after parsing). Stored on disk as JSON.
import type { HealthConfig } from '@berth/oci';
import type { MountRequest } from '../options/mounts';
import type { PortMapping } from '../options/ports';
import type { RestartPolicy } from '../options/restart-policy';
import type { UlimitRequest } from '../options/ulimits';
import type { ResourceSettings } from '../spec/resources';

export interface NetworkRequest {
  network: string;
  aliases: string[];
  ipv4Address: string;
}

export interface ContainerSettings {
  /** The image as the user named it. */
  image: string;
  cmd: string[];
  entrypoint: string[];
  entrypointSet: boolean;
  /** -e entries (image Env is merged in when the spec is built). */
  env: string[];
  workingDir: string;
  user: string;
  hostname: string;
  domainname: string;
  labels: Record<string, string>;
  tty: boolean;
  openStdin: boolean;
  stdinOnce: boolean;
  /** '' = the image's or SIGTERM. */
  stopSignal: string;
  /** Seconds; undefined = 10. */
  stopTimeout?: number;
  exposedPorts: string[];
  portBindings: PortMapping[];
  publishAllPorts: boolean;
  mounts: MountRequest[];
  /** 'bridge', 'host', 'none', 'container:<id>' or a user network. */
  networkMode: string;
  networks: NetworkRequest[];
  restartPolicy: RestartPolicy;
  resources: ResourceSettings;
  ulimits: UlimitRequest[];
  capAdd: string[];
  capDrop: string[];
  privileged: boolean;
  readOnlyRootfs: boolean;
  securityOpt: string[];
  init: boolean;
  autoRemove: boolean;
  extraHosts: string[];
  dns: string[];
  dnsSearch: string[];
  dnsOptions: string[];
  sysctls: Record<string, string>;
  /** --health-* flags (docker's shape, nanoseconds), merged over the image's when run. */
  healthcheck?: HealthConfig;
}

export const DEFAULT_STOP_TIMEOUT_S = 10;
