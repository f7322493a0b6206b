import type { engine as api } from '@berth/api';
import { labelsText, withLabelMethod } from '../../format/rows';
import { ellipsis, goTimeString, humanSize, shortId, timeAgo } from '../../format/units';

/** `berth ps` columns: field name → header, as docker names them. */
export const PS_HEADERS: Record<string, string> = {
  ID: 'CONTAINER ID',
  Image: 'IMAGE',
  Command: 'COMMAND',
  CreatedAt: 'CREATED AT',
  RunningFor: 'CREATED',
  Ports: 'PORTS',
  State: 'STATE',
  Status: 'STATUS',
  Size: 'SIZE',
  Names: 'NAMES',
  Labels: 'LABELS',
  Mounts: 'MOUNTS',
  Networks: 'NETWORKS',
};

export const PS_DEFAULT_FORMAT =
  'table {{.ID}}\t{{.Image}}\t{{.Command}}\t{{.RunningFor}}\t{{.Status}}\t{{.Ports}}\t{{.Names}}';

const STATE_NAMES = ['', 'created', 'running', 'paused', 'restarting', 'removing', 'exited', 'dead'];

/** "0.0.0.0:8080->80/tcp, 443/tcp" as docker's ps prints ports. */
export function portsText(ports: readonly api.v1.PublishedPort[]): string {
  return ports
    .map((port) =>
      port.publicPort
        ? `${port.ip || '0.0.0.0'}:${port.publicPort}->${port.privatePort}/${port.type}`
        : `${port.privatePort}/${port.type}`,
    )
    .join(', ');
}

export type PsRow = Record<string, string>;

/** One container as docker's ps template context sees it (every field a string). */
export function psRow(container: api.v1.ContainerSummary, now: Date, noTrunc: boolean): PsRow {
  const command = container.command;
  return withLabelMethod(
    {
      Command: JSON.stringify(noTrunc ? command : ellipsis(command, 20)),
      CreatedAt: goTimeString(container.created),
      ID: noTrunc ? container.id : shortId(container.id),
      Image: container.image,
      Labels: labelsText(container.labels),
      LocalVolumes: String(container.mounts.filter((mount) => !mount.startsWith('/')).length),
      Mounts: container.mounts.map((mount) => (noTrunc ? mount : ellipsis(mount, 15))).join(','),
      Names: container.names.map((name) => name.replace(/^\//, '')).join(','),
      Networks: container.networks.join(','),
      Ports: portsText(container.ports),
      RunningFor: timeAgo(container.created, now),
      // docker's "2B (virtual 4.26MB)": the writable layer, then the whole root filesystem.
      Size:
        container.sizeRootFs > 0
          ? `${humanSize(container.sizeRw)} (virtual ${humanSize(container.sizeRootFs)})`
          : humanSize(container.sizeRw),
      State: STATE_NAMES[container.state] ?? 'unknown',
      Status: container.status,
    },
    container.labels,
  );
}
