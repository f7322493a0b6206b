// docker's `inspect` document for a container, built from its record, so `--format
// '{{.State.Status}}'` and scripts written for docker read the same fields.
import type { HealthConfig } from '@berth/oci';
import { formatRestartPolicy } from '../options/restart-policy';
import { portKey } from '../options/ports';
import type { ContainerRecord } from '../state/container-record';
import { DEFAULT_STOP_TIMEOUT_S } from '../state/container-settings';
import { isActive } from '../state/container-state';
import { healthDocument } from '../health/health-state';
import { mergeHealthConfig } from '../health/health-config';

const ZERO_TIME = '0001-01-01T00:00:00Z';

function portBindings(
  record: ContainerRecord,
  bound: boolean,
): Record<string, { HostIp: string; HostPort: string }[] | null> {
  const result: Record<string, { HostIp: string; HostPort: string }[] | null> = {};
  for (const key of record.settings.exposedPorts) result[key] = null;
  const mappings = bound ? record.ports : record.settings.portBindings;
  for (const m of mappings) {
    const key = portKey(m.containerPort, m.protocol);
    result[key] = [
      ...(result[key] ?? []),
      { HostIp: m.hostIp || (bound ? '0.0.0.0' : ''), HostPort: m.hostPort ? String(m.hostPort) : '' },
    ];
  }
  return result;
}

export function inspectDocument(
  record: ContainerRecord,
  imageConfig?: { Env?: string[]; Cmd?: string[]; Entrypoint?: string[] },
) {
  const { settings, state } = record;
  const entrypoint = settings.entrypointSet ? settings.entrypoint : (imageConfig?.Entrypoint ?? []);
  const cmd = settings.cmd.length > 0 ? settings.cmd : settings.entrypointSet ? [] : (imageConfig?.Cmd ?? []);
  const argv = [...entrypoint, ...cmd];
  const active = isActive(state.status);
  const primary = record.endpoints[0];
  return {
    Id: record.id,
    Created: record.created,
    Path: argv[0] ?? '',
    Args: argv.slice(1),
    State: {
      Status: state.status,
      Running: active,
      Paused: state.status === 'paused',
      Restarting: state.status === 'restarting',
      OOMKilled: state.oomKilled,
      Dead: state.status === 'dead',
      Pid: active ? state.pid : 0,
      ExitCode: state.exitCode,
      Error: state.error,
      StartedAt: state.startedAt || ZERO_TIME,
      FinishedAt: state.finishedAt || ZERO_TIME,
      ...(state.health ? { Health: healthDocument(state.health) } : {}),
    },
    Image: record.imageId,
    ResolvConfPath: '',
    HostnamePath: '',
    HostsPath: '',
    LogPath: record.logPath,
    Name: `/${record.name}`,
    RestartCount: record.restartCount,
    Driver: 'overlay2',
    Platform: 'linux',
    MountLabel: '',
    ProcessLabel: '',
    AppArmorProfile: '',
    HostConfig: {
      Binds: settings.mounts
        .filter((m) => m.kind !== 'tmpfs' && m.source !== '')
        .map((m) => `${m.source}:${m.target}${m.readOnly ? ':ro' : ''}`),
      NetworkMode: settings.networkMode,
      PortBindings: portBindings(record, false),
      RestartPolicy: {
        Name: formatRestartPolicy(settings.restartPolicy).split(':')[0],
        MaximumRetryCount: settings.restartPolicy.maximumRetryCount,
      },
      AutoRemove: settings.autoRemove,
      CapAdd: settings.capAdd.length ? settings.capAdd : null,
      CapDrop: settings.capDrop.length ? settings.capDrop : null,
      Dns: settings.dns,
      DnsOptions: settings.dnsOptions,
      DnsSearch: settings.dnsSearch,
      ExtraHosts: settings.extraHosts.length ? settings.extraHosts : null,
      Privileged: settings.privileged,
      PublishAllPorts: settings.publishAllPorts,
      ReadonlyRootfs: settings.readOnlyRootfs,
      SecurityOpt: settings.securityOpt.length ? settings.securityOpt : null,
      Tmpfs: Object.fromEntries(
        settings.mounts
          .filter((m) => m.kind === 'tmpfs')
          .map((m) => [m.target, (m.tmpfsOptions ?? []).join(',')]),
      ),
      Init: settings.init || null,
      Memory: settings.resources.memory,
      MemorySwap: settings.resources.memorySwap,
      MemoryReservation: settings.resources.memoryReservation,
      NanoCpus: settings.resources.nanoCpus,
      CpuShares: settings.resources.cpuShares,
      CpuPeriod: settings.resources.cpuPeriod,
      CpuQuota: settings.resources.cpuQuota,
      CpusetCpus: settings.resources.cpusetCpus,
      PidsLimit: settings.resources.pidsLimit || null,
      OomKillDisable: settings.resources.oomKillDisable,
      Ulimits: settings.ulimits.map((u) => ({ Name: u.name, Soft: u.soft, Hard: u.hard })),
      Sysctls: settings.sysctls,
      CgroupParent: 'berth',
    },
    Mounts: record.mounts.map((m) => ({
      Type: m.kind,
      ...(m.kind === 'volume' ? { Name: m.name, Driver: 'local' } : {}),
      Source: m.source,
      Destination: m.destination,
      Mode: m.readOnly ? 'ro' : '',
      RW: !m.readOnly,
      Propagation: m.propagation,
    })),
    Config: {
      Hostname: settings.hostname || record.id.slice(0, 12),
      Domainname: settings.domainname,
      User: settings.user,
      AttachStdin: false,
      Tty: settings.tty,
      OpenStdin: settings.openStdin,
      StdinOnce: settings.stdinOnce,
      Env: [...(imageConfig?.Env ?? []), ...settings.env],
      Cmd: cmd.length ? cmd : null,
      Entrypoint: entrypoint.length ? entrypoint : null,
      Image: settings.image,
      WorkingDir: settings.workingDir,
      Labels: settings.labels,
      StopSignal: settings.stopSignal || 'SIGTERM',
      StopTimeout: settings.stopTimeout ?? DEFAULT_STOP_TIMEOUT_S,
      ExposedPorts: Object.fromEntries(settings.exposedPorts.map((key) => [key, {}])),
      ...healthcheckField(mergeHealthConfig(settings.healthcheck, record.imageConfig.Healthcheck)),
    },
    NetworkSettings: {
      SandboxKey: record.netnsPath,
      Ports: active ? portBindings(record, true) : {},
      IPAddress: primary?.ipAddress ?? '',
      IPPrefixLen: primary?.prefixLength ?? 0,
      Gateway: primary?.gateway ?? '',
      MacAddress: primary?.macAddress ?? '',
      Networks: Object.fromEntries(
        record.endpoints.map((e) => [
          e.network,
          {
            NetworkID: e.networkId,
            EndpointID: e.endpointId,
            Aliases: e.aliases,
            IPAddress: e.ipAddress,
            IPPrefixLen: e.prefixLength,
            Gateway: e.gateway,
            MacAddress: e.macAddress,
          },
        ]),
      ),
    },
  };
}

function healthcheckField(config: HealthConfig | undefined): { Healthcheck?: HealthConfig } {
  return config ? { Healthcheck: config } : {};
}
