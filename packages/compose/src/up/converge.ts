// Brings one service's containers to the model: keeps unchanged ones (starting them if
// stopped), recreates those whose config hash differs, adds missing replicas and removes
// surplus ones. Running this twice in a row changes nothing the second time.
import type { Engine } from '../engine/engine';
import type { ComposeProject } from '../model/types';
import { statusLine } from '../output/status';
import { configHash } from '../plan/config-hash';
import { containerConfig } from '../plan/container-config';
import { containerName, serviceImage } from '../plan/names';
import type { ProjectContainer } from '../commands/project-containers';

export interface ConvergeOptions {
  replicas: number;
  forceRecreate: boolean;
  /** Leave containers created but not started (`up --no-start`, `create`). */
  noStart?: boolean;
  report(line: string): void;
}

export async function convergeService(
  engine: Engine,
  project: ComposeProject,
  service: string,
  existing: ProjectContainer[],
  options: ConvergeOptions,
): Promise<void> {
  const { model } = project;
  const config = model.services[service];
  const hash = configHash(config, serviceImage(model.name, service, config));
  const byNumber = [...existing].sort((a, b) => a.number - b.number);
  const kept = byNumber.slice(0, options.replicas);
  const surplus = byNumber.slice(options.replicas);

  // Surplus replicas go first, highest numbers first, so a scale-down frees their names.
  for (const container of surplus.reverse()) {
    await engine.stopContainer(container.id);
    await engine.removeContainer(container.id, { force: true });
    options.report(statusLine('Container', container.name, 'Removed'));
  }
  const create = async (number: number) => {
    const name = containerName(model.name, service, number, config);
    await engine.createContainer(
      name,
      containerConfig({
        model,
        service,
        number,
        containerName: name,
        hash,
        workingDir: project.workingDir,
        configFiles: project.configFiles,
      }),
    );
    return name;
  };
  for (const container of kept) {
    if (container.hash === hash && !options.forceRecreate) {
      if (!container.running && !options.noStart) {
        await engine.startContainer(container.id);
        options.report(statusLine('Container', container.name, 'Started'));
      } else {
        options.report(statusLine('Container', container.name, 'Running'));
      }
      continue;
    }
    await engine.stopContainer(container.id);
    await engine.removeContainer(container.id, { force: true });
    const name = await create(container.number);
    if (!options.noStart) await engine.startContainer(name);
    options.report(statusLine('Container', name, 'Recreated'));
  }
  const taken = new Set(kept.map((container) => container.number));
  let number = 1;
  for (let missing = options.replicas - kept.length; missing > 0; missing--) {
    while (taken.has(number)) number++;
    taken.add(number);
    const name = await create(number);
    options.report(statusLine('Container', name, 'Created'));
    if (!options.noStart) {
      await engine.startContainer(name);
      options.report(statusLine('Container', name, 'Started'));
    }
  }
}
