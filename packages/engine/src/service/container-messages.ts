// Engine records as berth.engine.v1 messages.
import { engine } from '@berth/api';
import { parsePortKey, type PortMapping } from '../options/ports';
import type { ContainerRecord } from '../state/container-record';
import { describeStatus, type ContainerStatus } from '../state/container-state';

const { ContainerState } = engine.v1;

export const STATE_TO_PROTO: Record<ContainerStatus, engine.v1.ContainerState> = {
  created: ContainerState.CONTAINER_STATE_CREATED,
  running: ContainerState.CONTAINER_STATE_RUNNING,
  paused: ContainerState.CONTAINER_STATE_PAUSED,
  restarting: ContainerState.CONTAINER_STATE_RESTARTING,
  removing: ContainerState.CONTAINER_STATE_REMOVING,
  exited: ContainerState.CONTAINER_STATE_EXITED,
  dead: ContainerState.CONTAINER_STATE_DEAD,
};

export function portBinding(port: PortMapping): engine.v1.PortBinding {
  return {
    containerPort: port.containerPort,
    protocol: port.protocol,
    hostIp: port.hostIp,
    hostPort: port.hostPort,
  };
}

function publishedPorts(record: ContainerRecord): engine.v1.PublishedPort[] {
  const ports: engine.v1.PublishedPort[] = record.ports.map((p) => ({
    privatePort: p.containerPort,
    publicPort: p.hostPort,
    type: p.protocol,
    ip: p.hostIp || '0.0.0.0',
  }));
  const exposed = new Set([
    ...Object.keys(record.imageConfig.ExposedPorts ?? {}),
    ...record.settings.exposedPorts,
  ]);
  for (const key of exposed) {
    const { port, protocol } = parsePortKey(key);
    if (!ports.some((p) => p.privatePort === port && p.type === protocol))
      ports.push({ privatePort: port, publicPort: 0, type: protocol, ip: '' });
  }
  return ports;
}

export function containerSummary(record: ContainerRecord, now: Date): engine.v1.ContainerSummary {
  const { settings, imageConfig } = record;
  const entrypoint = settings.entrypointSet ? settings.entrypoint : (imageConfig.Entrypoint ?? []);
  const cmd = settings.cmd.length > 0 ? settings.cmd : settings.entrypointSet ? [] : (imageConfig.Cmd ?? []);
  return {
    id: record.id,
    names: [`/${record.name}`],
    image: settings.image,
    imageId: record.imageId,
    command: [...entrypoint, ...cmd].join(' '),
    created: new Date(record.created),
    state: STATE_TO_PROTO[record.state.status],
    status: describeStatus(record.state, now),
    ports: publishedPorts(record),
    labels: { ...settings.labels },
    networks: record.endpoints.map((e) => e.network),
    mounts: record.mounts.map((m) => m.name || m.destination),
    sizeRw: 0,
    sizeRootFs: 0,
    health: record.state.status === 'running' ? (record.state.health?.status ?? '') : '',
  };
}
