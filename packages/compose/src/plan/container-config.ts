// Turns a normalised service into the engine's ContainerConfig for one of its containers.
import { engine } from '@berth/api';
import type { ComposeModel, ServiceVolume } from '../model/types';
import { parseDurationSeconds } from '../model/units';
import { healthConfig } from './health-config';
import {
  COMPOSE_VERSION,
  LABEL_CONFIG_FILES,
  LABEL_CONFIG_HASH,
  LABEL_CONTAINER_NUMBER,
  LABEL_ONEOFF,
  LABEL_PROJECT,
  LABEL_SERVICE,
  LABEL_VERSION,
  LABEL_WORKING_DIR,
} from './labels';
import { networkName, serviceImage, serviceNetworkKeys, volumeName } from './names';

type ContainerConfig = engine.v1.ContainerConfig;
const { MountType, RestartPolicyName } = engine.v1;

export interface ContainerPlan {
  model: ComposeModel;
  service: string;
  /** The replica number (com.docker.compose.container-number); 0 for a one-off `run`. */
  number: number;
  containerName: string;
  hash: string;
  workingDir: string;
  configFiles: string[];
}

export function containerConfig(plan: ContainerPlan): ContainerConfig {
  const { model, service: serviceName, number } = plan;
  const service = model.services[serviceName];
  const oneOff = number === 0;
  const labels: Record<string, string> = {
    ...service.labels,
    [LABEL_PROJECT]: model.name,
    [LABEL_SERVICE]: serviceName,
    [LABEL_CONTAINER_NUMBER]: String(number),
    [LABEL_CONFIG_HASH]: plan.hash,
    [LABEL_ONEOFF]: oneOff ? 'True' : 'False',
    [LABEL_WORKING_DIR]: plan.workingDir,
    [LABEL_CONFIG_FILES]: plan.configFiles.join(','),
    [LABEL_VERSION]: COMPOSE_VERSION,
  };
  const grace =
    service.stop_grace_period === undefined ? undefined : parseDurationSeconds(service.stop_grace_period);
  const limits = service.deploy?.resources?.limits;
  return engine.v1.ContainerConfig.fromPartial({
    image: serviceImage(model.name, serviceName, service),
    cmd: service.command ?? [],
    entrypoint: service.entrypoint ?? [],
    entrypointSet: service.entrypoint !== undefined,
    env: Object.entries(service.environment ?? {}).flatMap(([key, value]) =>
      value === null ? [] : [`${key}=${value}`],
    ),
    workingDir: service.working_dir ?? '',
    user: service.user ?? '',
    hostname: service.hostname ?? '',
    labels,
    stopSignal: service.stop_signal ?? '',
    stopTimeout: grace === undefined ? undefined : Math.ceil(grace),
    exposedPorts: (service.expose ?? []).map((port) => (port.includes('/') ? port : `${port}/tcp`)),
    // One-off containers do not publish the service's ports (they would clash with it).
    portBindings: oneOff
      ? []
      : (service.ports ?? []).map((port) => ({
          containerPort: port.target,
          protocol: port.protocol,
          hostIp: port.host_ip ?? '',
          hostPort: port.published === undefined ? 0 : Number(port.published),
        })),
    mounts: (service.volumes ?? []).map((volume) => mountSpec(model, volume)),
    networkMode:
      service.network_mode ??
      networkName(model.name, serviceNetworkKeys(service)[0], model.networks[serviceNetworkKeys(service)[0]]),
    networks: serviceNetworkKeys(service).map((key) => ({
      network: networkName(model.name, key, model.networks[key]),
      // Every replica answers to the service name, so clients reach the service by name.
      aliases: [...new Set([serviceName, ...(service.networks?.[key]?.aliases ?? [])])],
      ipv4Address: service.networks?.[key]?.ipv4_address ?? '',
    })),
    restartPolicy: oneOff ? undefined : restartPolicy(service.restart),
    resources: {
      memory: limits?.memory ?? service.mem_limit ?? 0,
      nanoCpus: Math.round((limits?.cpus ?? service.cpus ?? 0) * 1e9),
      pidsLimit: limits?.pids ?? 0,
      ulimits: Object.entries(service.ulimits ?? {}).map(([name, { soft, hard }]) => ({ name, soft, hard })),
    },
    init: service.init ?? false,
    capAdd: service.cap_add ?? [],
    capDrop: service.cap_drop ?? [],
    privileged: service.privileged ?? false,
    readOnlyRootfs: service.read_only ?? false,
    tty: service.tty ?? false,
    openStdin: service.stdin_open ?? false,
    tmpfs: service.tmpfs ?? [],
    dns: service.dns ?? [],
    dnsSearch: service.dns_search ?? [],
    extraHosts: service.extra_hosts ?? [],
    sysctls: service.sysctls ?? {},
    securityOpt: service.security_opt ?? [],
    domainname: service.domainname ?? '',
    healthcheck: healthConfig(service.healthcheck),
  });
}

function mountSpec(model: ComposeModel, volume: ServiceVolume): engine.v1.MountSpec {
  const type = {
    volume: MountType.MOUNT_TYPE_VOLUME,
    bind: MountType.MOUNT_TYPE_BIND,
    tmpfs: MountType.MOUNT_TYPE_TMPFS,
  }[volume.type];
  const source =
    volume.type === 'volume' && volume.source
      ? volumeName(model.name, volume.source, model.volumes[volume.source])
      : (volume.source ?? '');
  return engine.v1.MountSpec.fromPartial({
    type,
    source,
    target: volume.target,
    readOnly: volume.read_only ?? false,
    propagation: volume.bind?.propagation ?? '',
    noCopy: volume.volume?.nocopy ?? false,
    tmpfsSize: volume.tmpfs?.size ?? 0,
    tmpfsMode: volume.tmpfs?.mode ?? 0,
    createHostPath: volume.bind?.create_host_path ?? false,
  });
}

function restartPolicy(restart: string | undefined): engine.v1.RestartPolicy {
  const [name, retries] = (restart ?? 'no').split(':');
  const byName: Record<string, engine.v1.RestartPolicyName> = {
    no: RestartPolicyName.RESTART_POLICY_NAME_NO,
    always: RestartPolicyName.RESTART_POLICY_NAME_ALWAYS,
    'unless-stopped': RestartPolicyName.RESTART_POLICY_NAME_UNLESS_STOPPED,
    'on-failure': RestartPolicyName.RESTART_POLICY_NAME_ON_FAILURE,
  };
  return { name: byName[name], maximumRetryCount: retries ? Number(retries) : 0 };
}
