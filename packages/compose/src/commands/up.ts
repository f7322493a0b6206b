// `compose up`: networks and volumes first, then each service in dependency order once its
// depends_on conditions hold; without -d, follows the services' logs until they stop.
import { flag } from './flag-specs';
import type { CommandContext, CommandDefinition } from './command';
import { DependencyFailedError, UsageError } from '../errors';
import { ensureBuilt } from '../build/ensure-built';
import { replicasOf } from '../model/check-project';
import { dependencyOrder } from '../plan/order';
import { DependencyWaiter } from '../up/dependencies';
import { convergeService, settleAll } from '../up/converge';
import { ensureNetworks, ensureVolumes, usedNetworkKeys, usedVolumeKeys } from '../up/resources';
import { ofServices, projectContainers, type ProjectContainer } from './project-containers';
import { waitHealthy } from '../up/healthcheck';
import { followLogs } from './logs';
import { statusLine } from '../output/status';
import type { ComposeProject } from '../model/types';

export const up: CommandDefinition = {
  name: 'up',
  usage: '[OPTIONS] [SERVICE...]',
  summary: 'Create and start containers',
  flags: [
    flag('detach', 'boolean', 'Run containers in the background', 'd'),
    flag('build', 'boolean', 'Build images before starting containers'),
    flag('force-recreate', 'boolean', 'Recreate containers even if their configuration has not changed'),
    flag('no-deps', 'boolean', "Don't start linked services"),
    flag('no-start', 'boolean', "Don't start the services after creating them"),
    flag('remove-orphans', 'boolean', 'Remove containers for services not defined in the Compose file'),
    flag('scale', 'list', 'Scale SERVICE to NUM instances (SERVICE=NUM)'),
    flag('no-color', 'boolean', 'Produce monochrome output'),
    flag('no-log-prefix', 'boolean', "Don't print prefix in logs"),
    flag('wait', 'boolean', 'Wait for services to be running|healthy. Implies detached mode.'),
    flag(
      'wait-timeout',
      'string',
      'Maximum duration in seconds to wait for the project to be running|healthy',
    ),
  ],
  async run(ctx, flags, args) {
    const project = ctx.project(args);
    const { model } = project;
    const services = dependencyOrder(model.services, args, !flags.boolean('no-deps'));
    const scale = parseScale(flags.list('scale'), project);
    const engine = ctx.engine();
    await ensureBuilt(engine, project, services, { always: flags.boolean('build'), report: ctx.err });

    let existing: Awaited<ReturnType<typeof projectContainers>> = [];
    await settleAll([
      ensureNetworks(engine, model, usedNetworkKeys(model, services), ctx.err),
      ensureVolumes(engine, model, usedVolumeKeys(model, services), ctx.err),
      projectContainers(engine, model.name).then((containers) => (existing = containers)),
    ]);
    await handleOrphans(ctx, project, existing, flags.boolean('remove-orphans'));

    const waiter = new DependencyWaiter(
      engine,
      model,
      async (service) =>
        (await projectContainers(engine, model.name)).filter((container) => container.service === service),
      ctx.signal,
    );
    // Like docker compose, every service's containers are created at once, and each service
    // starts as soon as its own dependencies have started and their conditions hold, so a
    // service that waits for a healthcheck does not hold up unrelated services.
    const selected = new Set(services);
    const converged = new Map<string, Promise<void>>();
    const converge = (service: string): Promise<void> => {
      let done = converged.get(service);
      if (!done) {
        const dependencies = Object.keys(model.services[service].depends_on ?? {}).filter((d) =>
          selected.has(d),
        );
        done = convergeService(engine, project, service, ofServices(existing, [service]), {
          replicas: scale.get(service) ?? replicasOf(model.services[service]),
          forceRecreate: flags.boolean('force-recreate'),
          noStart: flags.boolean('no-start'),
          report: ctx.err,
          beforeStart: async () => {
            await settleAll(dependencies.map(converge));
            if (!flags.boolean('no-start')) await waiter.waitFor(service);
          },
        });
        converged.set(service, done);
      }
      return done;
    };
    await settleAll(services.map(converge));
    if (flags.boolean('no-start')) return;
    if (flags.boolean('wait')) {
      await waitReady(
        ctx,
        ofServices(await projectContainers(engine, model.name), args),
        flags.integer('wait-timeout'),
      );
      return;
    }
    if (flags.boolean('detach')) return;
    const started = ofServices(await projectContainers(engine, model.name), args);
    ctx.err(`Attaching to ${started.map((container) => container.name).join(', ')}\n`);
    await followLogs(ctx, started, {
      follow: true,
      colour: !flags.boolean('no-color'),
      prefix: !flags.boolean('no-log-prefix'),
    });
    if (ctx.signal.aborted) {
      ctx.err('Gracefully stopping...\n');
      for (const container of [...started].reverse()) {
        await engine.stopContainer(container.id);
        ctx.err(statusLine('Container', container.name, 'Stopped'));
      }
    }
  },
};

function parseScale(values: string[], project: ComposeProject): Map<string, number> {
  const scale = new Map<string, number>();
  for (const value of values) {
    const match = /^([^=]+)=(\d+)$/.exec(value);
    if (!match) throw new UsageError(`invalid --scale "${value}": expected SERVICE=NUM`);
    const config = project.model.services[match[1]];
    if (!config) throw new UsageError(`invalid --scale "${value}": no such service: ${match[1]}`);
    if (config.container_name && Number(match[2]) > 1) {
      throw new UsageError(
        `cannot scale ${match[1]} to ${match[2]}: it has a fixed container_name "${config.container_name}"`,
      );
    }
    scale.set(match[1], Number(match[2]));
  }
  return scale;
}

async function handleOrphans(
  ctx: CommandContext,
  project: ComposeProject,
  existing: Awaited<ReturnType<typeof projectContainers>>,
  remove: boolean,
): Promise<void> {
  const known = new Set([...Object.keys(project.model.services), ...Object.keys(project.disabledServices)]);
  const orphans = existing.filter((container) => !known.has(container.service));
  if (!orphans.length) return;
  if (!remove) {
    ctx.err(
      `Found orphan containers (${orphans.map((c) => c.name).join(', ')}) for this project. If you removed or renamed this service in your compose file, you can run this command with the --remove-orphans flag to clean it up.\n`,
    );
    return;
  }
  const engine = ctx.engine();
  for (const orphan of orphans) {
    await engine.removeContainer(orphan.id, { force: true });
    ctx.err(statusLine('Container', orphan.name, 'Removed'));
  }
}

/** `up --wait`: every container running, and healthy when it has a healthcheck. */
async function waitReady(
  ctx: CommandContext,
  containers: ProjectContainer[],
  timeoutS?: number,
): Promise<void> {
  const timeout = new AbortController();
  const timer = timeoutS === undefined ? undefined : setTimeout(() => timeout.abort(), timeoutS * 1000);
  const signal = AbortSignal.any([ctx.signal, timeout.signal]);
  try {
    await settleAll(
      containers.map(async (container) => {
        const state = await waitHealthy(ctx.engine(), container.name, signal, { runningWithout: true });
        ctx.err(statusLine('Container', container.name, state === 'healthy' ? 'Healthy' : 'Running'));
      }),
    );
  } catch (err) {
    if (timeout.signal.aborted) throw new DependencyFailedError(`application not healthy after ${timeoutS}s`);
    throw err;
  } finally {
    clearTimeout(timer);
  }
}
