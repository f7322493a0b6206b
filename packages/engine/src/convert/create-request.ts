// The CreateContainer request (proto ContainerConfig) as checked ContainerSettings: every
// docker-syntax string parsed here, so bad input fails before anything is created.
import { cpus } from 'node:os';
import { engine } from '@berth/api';
import { InvalidOptionError } from '../errors';
import { healthConfigFromProto } from '../health/health-config';
import {
  checkDistinctTargets,
  checkMountRequest,
  parseBind,
  parseTmpfs,
  type MountRequest,
} from '../options/mounts';
import { parsePortKey, type PortMapping, type PortProtocol } from '../options/ports';
import { NO_RESTART, type RestartPolicy } from '../options/restart-policy';
import { parseSecurityOptions } from '../options/security-opt';
import { parseSignal } from '../options/signals';
import { checkUlimit } from '../options/ulimits';
import { resolveCapabilities } from '../spec/capabilities';
import { checkEnv } from '../spec/env';
import { checkResources, NO_RESOURCE_LIMITS, type ResourceSettings } from '../spec/resources';
import type { ContainerSettings } from '../state/container-settings';

type Proto = engine.v1.ContainerConfig;
const { MountType, RestartPolicyName } = engine.v1;

const PULL_POLICIES = ['missing', 'always', 'never'] as const;
export type PullPolicy = (typeof PULL_POLICIES)[number];

export function restartPolicyFromProto(policy: engine.v1.RestartPolicy | undefined): RestartPolicy {
  switch (policy?.name ?? RestartPolicyName.RESTART_POLICY_NAME_UNSPECIFIED) {
    case RestartPolicyName.RESTART_POLICY_NAME_UNSPECIFIED:
    case RestartPolicyName.RESTART_POLICY_NAME_NO:
      if (policy?.maximumRetryCount)
        throw new InvalidOptionError('restart', 'maximum retry count can only be used with "on-failure"');
      return NO_RESTART;
    case RestartPolicyName.RESTART_POLICY_NAME_ON_FAILURE:
      return { name: 'on-failure', maximumRetryCount: policy!.maximumRetryCount };
    case RestartPolicyName.RESTART_POLICY_NAME_ALWAYS:
    case RestartPolicyName.RESTART_POLICY_NAME_UNLESS_STOPPED: {
      if (policy!.maximumRetryCount)
        throw new InvalidOptionError('restart', 'maximum retry count can only be used with "on-failure"');
      const always = policy!.name === RestartPolicyName.RESTART_POLICY_NAME_ALWAYS;
      return { name: always ? 'always' : 'unless-stopped', maximumRetryCount: 0 };
    }
    default:
      throw new InvalidOptionError('restart', `unknown policy ${policy?.name}`);
  }
}

export function resourcesFromProto(resources: engine.v1.Resources | undefined): ResourceSettings {
  if (!resources) return { ...NO_RESOURCE_LIMITS };
  return {
    memory: resources.memory,
    memorySwap: resources.memorySwap,
    memoryReservation: resources.memoryReservation,
    nanoCpus: resources.nanoCpus,
    cpuShares: resources.cpuShares,
    cpusetCpus: resources.cpusetCpus,
    pidsLimit: resources.pidsLimit < 0 ? 0 : resources.pidsLimit,
    oomKillDisable: resources.oomKillDisable,
    cpuPeriod: resources.cpuPeriod,
    cpuQuota: resources.cpuQuota,
  };
}

function mountFromProto(spec: engine.v1.MountSpec): MountRequest {
  const kinds: Partial<Record<engine.v1.MountType, MountRequest['kind']>> = {
    [MountType.MOUNT_TYPE_BIND]: 'bind',
    [MountType.MOUNT_TYPE_VOLUME]: 'volume',
    [MountType.MOUNT_TYPE_TMPFS]: 'tmpfs',
  };
  const kind = kinds[spec.type];
  if (!kind) throw new InvalidOptionError('mount', 'type must be bind, volume or tmpfs');
  const request: MountRequest = { kind, source: spec.source, target: spec.target, readOnly: spec.readOnly };
  if (kind === 'bind') {
    if (spec.propagation) request.propagation = spec.propagation as MountRequest['propagation'];
    request.createHostPath = spec.createHostPath;
  }
  if (kind === 'volume') {
    request.noCopy = spec.noCopy;
    request.volumeLabels = { ...spec.volumeLabels };
  }
  if (kind === 'tmpfs') {
    request.tmpfsSize = spec.tmpfsSize;
    request.tmpfsMode = spec.tmpfsMode;
    request.tmpfsOptions = [];
  }
  return checkMountRequest(request);
}

function portsFromProto(bindings: engine.v1.PortBinding[]): PortMapping[] {
  return bindings.map((binding, i) => {
    const protocol = (binding.protocol || 'tcp').toLowerCase();
    if (!['tcp', 'udp', 'sctp'].includes(protocol))
      throw new InvalidOptionError('publish', `port_bindings[${i}]: unknown protocol "${binding.protocol}"`);
    if (binding.containerPort < 1 || binding.containerPort > 65535)
      throw new InvalidOptionError(
        'publish',
        `port_bindings[${i}]: container port ${binding.containerPort} is out of range 1-65535`,
      );
    if (binding.hostPort > 65535)
      throw new InvalidOptionError(
        'publish',
        `port_bindings[${i}]: host port ${binding.hostPort} is out of range`,
      );
    return {
      containerPort: binding.containerPort,
      protocol: protocol as PortProtocol,
      hostIp: binding.hostIp,
      hostPort: binding.hostPort,
    };
  });
}

function checkExtraHost(entry: string): string {
  const colon = entry.indexOf(':');
  if (colon < 1 || colon === entry.length - 1)
    throw new InvalidOptionError('add-host', `"${entry}" is not host:ip`);
  return entry;
}

function checkNetworkMode(mode: string): string {
  if (mode === '' || mode === 'default') return 'bridge';
  if (mode.startsWith('container:') && mode.length === 'container:'.length)
    throw new InvalidOptionError('network', '"container:" needs a container name or id');
  return mode;
}

/** The container whose network a "container:<ref>" mode joins, else undefined. */
export function joinedContainer(networkMode: string): string | undefined {
  return networkMode.startsWith('container:') ? networkMode.slice('container:'.length) : undefined;
}

export interface CreateInput {
  settings: ContainerSettings;
  pull: PullPolicy;
  platform: string;
}

/** Parses and checks the whole request; throws InvalidOptionError naming the first bad field. */
export function settingsFromProto(config: Proto | undefined): CreateInput {
  if (!config) throw new InvalidOptionError('config', 'missing');
  if (config.image.trim() === '') throw new InvalidOptionError('image', 'an image is required');
  const pull = (config.pull || 'missing') as PullPolicy;
  if (!PULL_POLICIES.includes(pull))
    throw new InvalidOptionError('pull', `"${config.pull}" is not missing, always or never`);
  const mounts = [
    ...config.mounts.map(mountFromProto),
    ...config.binds.map(parseBind),
    ...config.tmpfs.map(parseTmpfs),
  ];
  checkDistinctTargets(mounts);
  const resources = resourcesFromProto(config.resources);
  checkResources(resources, cpus().length);
  const networkMode = checkNetworkMode(config.networkMode);
  const shared =
    networkMode === 'host' || networkMode === 'none' || joinedContainer(networkMode) !== undefined;
  if (shared && (config.portBindings.length > 0 || config.publishAllPorts))
    throw new InvalidOptionError('publish', `published ports are discarded with --network ${networkMode}`);
  if (
    joinedContainer(networkMode) !== undefined &&
    (config.hostname !== '' || config.networks.length > 0 || config.dns.length > 0)
  )
    throw new InvalidOptionError(
      'network',
      `--hostname, --network-alias and --dns cannot be used with --network ${networkMode}`,
    );
  const settings: ContainerSettings = {
    image: config.image.trim(),
    cmd: [...config.cmd],
    entrypoint: [...config.entrypoint],
    entrypointSet: config.entrypointSet,
    env: checkEnv(config.env),
    workingDir: config.workingDir,
    user: config.user,
    hostname: config.hostname,
    domainname: config.domainname,
    labels: { ...config.labels },
    tty: config.tty,
    openStdin: config.openStdin,
    stdinOnce: config.stdinOnce,
    stopSignal: config.stopSignal ? parseSignal(config.stopSignal, 'stop-signal').name : '',
    exposedPorts: config.exposedPorts.map((key) => {
      const { port, protocol } = parsePortKey(key);
      return `${port}/${protocol}`;
    }),
    portBindings: portsFromProto(config.portBindings),
    publishAllPorts: config.publishAllPorts,
    mounts,
    networkMode,
    networks: config.networks.map((n) => ({
      network: n.network,
      aliases: [...n.aliases],
      ipv4Address: n.ipv4Address,
    })),
    restartPolicy: restartPolicyFromProto(config.restartPolicy),
    resources,
    ulimits: (config.resources?.ulimits ?? []).map((u) =>
      checkUlimit({ name: u.name, soft: u.soft, hard: u.hard }),
    ),
    capAdd: [...config.capAdd],
    capDrop: [...config.capDrop],
    privileged: config.privileged,
    readOnlyRootfs: config.readOnlyRootfs,
    securityOpt: [...config.securityOpt],
    init: config.init,
    autoRemove: config.autoRemove,
    extraHosts: config.extraHosts.map(checkExtraHost),
    dns: [...config.dns],
    dnsSearch: [...config.dnsSearch],
    dnsOptions: [...config.dnsOptions],
    sysctls: { ...config.sysctls },
  };
  if (config.stopTimeout !== undefined) settings.stopTimeout = config.stopTimeout;
  const healthcheck = healthConfigFromProto(config.healthcheck);
  if (healthcheck) settings.healthcheck = healthcheck;
  if (settings.autoRemove && settings.restartPolicy.name !== 'no')
    throw new InvalidOptionError('restart', 'conflicting options: --restart and --rm');
  // Parse now so a bad capability or security option fails the create, not the start.
  resolveCapabilities(settings);
  parseSecurityOptions(settings.securityOpt);
  return { settings, pull, platform: config.platform };
}
