// Brings one service's containers to the model: keeps unchanged ones (starting them if
// stopped), recreates those whose config hash differs, adds missing replicas and removes
// surplus ones. Running this twice in a row changes nothing the second time. Replicas are
// handled concurrently, as docker compose does; containers are created at once and started
// only when `beforeStart` (the service's dependencies) allows.
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
  /** Awaited once the containers exist, before any is started: the dependencies' turn. */
  beforeStart?: () => Promise<void>;
  report(line: string): void;
}

/** Awaits every task (nothing keeps running in the background), then throws the first failure. */
export async function settleAll(tasks: Promise<unknown>[]): Promise<void> {
  const failed = (await Promise.allSettled(tasks)).find(
    (result): result is PromiseRejectedResult => result.status === 'rejected',
  );
  if (failed) throw failed.reason;
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
  const unchanged = kept.filter((container) => container.hash === hash && !options.forceRecreate);
  const stale = kept.filter((container) => !unchanged.includes(container));

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
  const remove = async (container: ProjectContainer) => {
    await engine.stopContainer(container.id);
    await engine.removeContainer(container.id, { force: true });
  };
  // Surplus replicas go first, so a scale-down frees their names.
  await settleAll(
    surplus.map(async (container) => {
      await remove(container);
      options.report(statusLine('Container', container.name, 'Removed'));
    }),
  );
  const taken = new Set(kept.map((container) => container.number));
  const added: number[] = [];
  for (let number = 1; added.length < options.replicas - kept.length; number++)
    if (!taken.has(number)) added.push(number);
  const recreated: string[] = [];
  const created: string[] = [];
  await settleAll([
    ...stale.map(async (container) => {
      await remove(container);
      recreated.push(await create(container.number));
    }),
    ...added.map(async (number) => {
      const name = await create(number);
      created.push(name);
      options.report(statusLine('Container', name, 'Created'));
    }),
  ]);

  await options.beforeStart?.();
  const start = async (ref: string, name: string, status: string) => {
    await engine.startContainer(ref);
    options.report(statusLine('Container', name, status));
  };
  const report = async (name: string, status: string) =>
    options.report(statusLine('Container', name, status));
  await settleAll([
    ...unchanged.map((container) =>
      !container.running && !options.noStart
        ? start(container.id, container.name, 'Started')
        : report(container.name, 'Running'),
    ),
    ...recreated.map((name) =>
      options.noStart ? report(name, 'Recreated') : start(name, name, 'Recreated'),
    ),
    ...(options.noStart ? [] : created.map((name) => start(name, name, 'Started'))),
  ]);
}
