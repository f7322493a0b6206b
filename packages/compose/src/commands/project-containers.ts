// A project's containers as the engine reports them, keyed by their compose labels.
import type { ContainerSummary, Engine } from '../engine/engine';
import { engine as api } from '@berth/api';
import {
  LABEL_CONFIG_HASH,
  LABEL_CONTAINER_NUMBER,
  LABEL_ONEOFF,
  LABEL_PROJECT,
  LABEL_SERVICE,
  labelFilter,
} from '../plan/labels';

export interface ProjectContainer {
  summary: ContainerSummary;
  id: string;
  /** Name without docker's leading "/". */
  name: string;
  service: string;
  number: number;
  hash: string;
  oneOff: boolean;
  running: boolean;
}

export async function projectContainers(
  engine: Engine,
  project: string,
  options: { all?: boolean; oneOff?: boolean } = {},
): Promise<ProjectContainer[]> {
  const summaries = await engine.listContainers([labelFilter(LABEL_PROJECT, project)], options.all ?? true);
  return summaries
    .filter((summary) => summary.labels[LABEL_PROJECT] === project)
    .map(toProjectContainer)
    .filter((container) => options.oneOff || !container.oneOff)
    .sort((a, b) => (a.service === b.service ? a.number - b.number : a.service < b.service ? -1 : 1));
}

export function toProjectContainer(summary: ContainerSummary): ProjectContainer {
  const labels = summary.labels;
  return {
    summary,
    id: summary.id,
    name: (summary.names[0] ?? summary.id).replace(/^\//, ''),
    service: labels[LABEL_SERVICE] ?? '',
    number: Number(labels[LABEL_CONTAINER_NUMBER] ?? 0),
    hash: labels[LABEL_CONFIG_HASH] ?? '',
    oneOff: labels[LABEL_ONEOFF] === 'True',
    running:
      summary.state === api.v1.ContainerState.CONTAINER_STATE_RUNNING ||
      summary.state === api.v1.ContainerState.CONTAINER_STATE_RESTARTING ||
      summary.state === api.v1.ContainerState.CONTAINER_STATE_PAUSED,
  };
}

/** The containers of the named services (all services when none are named). */
export function ofServices(containers: ProjectContainer[], services: string[]): ProjectContainer[] {
  return services.length
    ? containers.filter((container) => services.includes(container.service))
    : containers;
}
