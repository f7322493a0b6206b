// Finds the container of a service that exec, port and similar commands act on (`--index`).
import type { Engine } from '../engine/engine';
import { ComposeError, UnknownServiceError, UsageError } from '../errors';
import type { ComposeProject } from '../model/types';
import { projectContainers, type ProjectContainer } from './project-containers';

export async function serviceContainer(
  engine: Engine,
  project: ComposeProject,
  service: string,
  index = 1,
): Promise<ProjectContainer> {
  if (!project.model.services[service]) throw new UnknownServiceError(service);
  if (index < 1) throw new UsageError(`invalid --index ${index}: replicas are numbered from 1`);
  const containers = (await projectContainers(engine, project.model.name)).filter(
    (c) => c.service === service,
  );
  const container = containers.find((c) => c.number === index);
  if (!container)
    throw new ComposeError('ContainerUnavailable', `service "${service}" has no container number ${index}`);
  return container;
}
