// The normalised compose model: every short syntax expanded to the long one, variables
// interpolated, env_file inlined, sizes in bytes, durations as written (validated). Keys keep
// the Compose Specification's spelling so `berth compose config` prints a valid compose file.

export type DependencyCondition = 'service_started' | 'service_healthy' | 'service_completed_successfully';

export interface BuildConfig {
  context: string;
  dockerfile?: string;
  args?: Record<string, string>;
  target?: string;
}

export interface PortConfig {
  target: number;
  published?: string;
  host_ip?: string;
  protocol: 'tcp' | 'udp' | 'sctp';
  mode?: 'host' | 'ingress';
}

export type VolumeMountType = 'volume' | 'bind' | 'tmpfs';

export interface ServiceVolume {
  type: VolumeMountType;
  /** Volume name (top-level key), absolute host path, or absent (anonymous volume, tmpfs). */
  source?: string;
  target: string;
  read_only?: boolean;
  bind?: { propagation?: string; create_host_path?: boolean };
  volume?: { nocopy?: boolean };
  tmpfs?: { size?: number; mode?: number };
}

export interface ServiceNetwork {
  aliases?: string[];
  ipv4_address?: string;
}

export interface DependsOn {
  condition: DependencyCondition;
  required: boolean;
  restart?: boolean;
}

export interface Healthcheck {
  /** ["CMD", ...], ["CMD-SHELL", "..."] or ["NONE"]. */
  test?: string[];
  interval?: string;
  timeout?: string;
  retries?: number;
  start_period?: string;
  start_interval?: string;
  disable?: boolean;
}

export interface ResourceLimits {
  memory?: number;
  cpus?: number;
  pids?: number;
}

export interface Deploy {
  replicas?: number;
  resources?: { limits?: ResourceLimits };
}

export interface ServiceConfig {
  image?: string;
  build?: BuildConfig;
  command?: string[];
  entrypoint?: string[];
  /** null: the variable is passed through from nowhere (docker drops it). */
  environment?: Record<string, string | null>;
  ports?: PortConfig[];
  expose?: string[];
  volumes?: ServiceVolume[];
  networks?: Record<string, ServiceNetwork>;
  depends_on?: Record<string, DependsOn>;
  restart?: string;
  healthcheck?: Healthcheck;
  container_name?: string;
  hostname?: string;
  labels?: Record<string, string>;
  working_dir?: string;
  user?: string;
  init?: boolean;
  stop_signal?: string;
  stop_grace_period?: string;
  deploy?: Deploy;
  scale?: number;
  profiles?: string[];
  cap_add?: string[];
  cap_drop?: string[];
  privileged?: boolean;
  read_only?: boolean;
  tty?: boolean;
  stdin_open?: boolean;
  tmpfs?: string[];
  dns?: string[];
  dns_search?: string[];
  /** "host:ip" entries. */
  extra_hosts?: string[];
  sysctls?: Record<string, string>;
  security_opt?: string[];
  domainname?: string;
  /** "none", "host", "bridge" or "container:<name>". */
  network_mode?: string;
  /** Bytes. */
  mem_limit?: number;
  cpus?: number;
  /** Per resource name: soft and hard limits (-1: unlimited). */
  ulimits?: Record<string, { soft: number; hard: number }>;
}

export interface NetworkConfig {
  name?: string;
  driver?: string;
  internal?: boolean;
  external?: boolean;
  labels?: Record<string, string>;
  driver_opts?: Record<string, string>;
  ipam?: { config?: { subnet?: string; gateway?: string; ip_range?: string }[] };
}

export interface VolumeConfig {
  name?: string;
  driver?: string;
  driver_opts?: Record<string, string>;
  external?: boolean;
  labels?: Record<string, string>;
}

export interface ComposeModel {
  name: string;
  services: Record<string, ServiceConfig>;
  networks: Record<string, NetworkConfig>;
  volumes: Record<string, VolumeConfig>;
}

/** A loaded project: the model plus where it came from. */
export interface ComposeProject {
  model: ComposeModel;
  /** Directory relative paths (build contexts, binds, env files) are resolved against. */
  workingDir: string;
  /** Absolute paths of the compose files, in merge order. */
  configFiles: string[];
  /** Services left out because none of their profiles is active. */
  disabledServices: Record<string, ServiceConfig>;
}
