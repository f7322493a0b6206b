// A project known only by name: its services are the service labels of its containers, so
// `berth compose -p NAME down` works without the compose file, as with docker compose.
import type { Engine } from '../engine/engine';
import type { ComposeProject, ServiceConfig } from '../model/types';
import { projectContainers } from './project-containers';

export async function projectFromLabels(
  engine: Engine,
  name: string,
  workingDir: string,
): Promise<ComposeProject> {
  const services: Record<string, ServiceConfig> = {};
  for (const container of await projectContainers(engine, name, { oneOff: true })) {
    services[container.service] ??= { image: container.summary.image };
  }
  return {
    model: { name, services, networks: {}, volumes: {} },
    workingDir,
    configFiles: [],
    disabledServices: {},
  };
}
