// `compose down`: stops and removes the project's containers in reverse dependency order, then
// its networks, and with -v its volumes, with --rmi its images.
import type { CommandDefinition } from './command';
import { flag } from './flag-specs';
import { UsageError } from '../errors';
import { isNotFound } from '../engine/calls';
import { statusLine } from '../output/status';
import { LABEL_NETWORK, LABEL_PROJECT, LABEL_VOLUME, labelFilter } from '../plan/labels';
import { dependencyOrder, inReverseDependencyOrder } from '../plan/order';
import { serviceImage } from '../plan/names';
import { projectContainers } from './project-containers';

export const down: CommandDefinition = {
  name: 'down',
  usage: '[OPTIONS]',
  summary: 'Stop and remove containers, networks',
  maxArgs: 0,
  flags: [
    flag(
      'volumes',
      'boolean',
      'Remove named volumes declared in the "volumes" section and anonymous volumes',
      'v',
    ),
    flag('rmi', 'string', 'Remove images used by services: "local" (no custom tag) or "all"'),
    flag('remove-orphans', 'boolean', 'Remove containers for services not defined in the Compose file'),
    flag('timeout', 'string', 'Seconds to wait for each container to stop', 't'),
  ],
  async run(ctx, flags) {
    const rmi = flags.string('rmi');
    if (rmi !== undefined && rmi !== 'local' && rmi !== 'all')
      throw new UsageError(`invalid --rmi "${rmi}": expected "local" or "all"`);
    const timeout = flags.integer('timeout');
    const project = await ctx.existingProject();
    const { model } = project;
    const engine = ctx.engine();
    const allServices = { ...model.services, ...project.disabledServices };
    // Checks for cycles before anything stops.
    const order = dependencyOrder(allServices);
    const containers = await projectContainers(engine, model.name, { oneOff: true });
    const known = new Set(order);
    const orphans = containers.filter((container) => !known.has(container.service));
    const removable = containers.filter(
      (container) => known.has(container.service) || flags.boolean('remove-orphans'),
    );
    if (orphans.length && !flags.boolean('remove-orphans')) {
      ctx.err(
        `Found orphan containers (${orphans.map((c) => c.name).join(', ')}) for this project. Use --remove-orphans to remove them.\n`,
      );
    }
    // Like docker compose: a service stops once the services depending on it have stopped;
    // replicas and unrelated services stop concurrently.
    const services = [...new Set(removable.map((container) => container.service))];
    await inReverseDependencyOrder({ services: allServices }, services, async (service) => {
      await Promise.all(
        removable
          .filter((container) => container.service === service)
          .map(async (container) => {
            if (container.running) {
              await engine.stopContainer(container.id, timeout);
              ctx.err(statusLine('Container', container.name, 'Stopped'));
            }
            await engine.removeContainer(container.id, { force: true, volumes: flags.boolean('volumes') });
            ctx.err(statusLine('Container', container.name, 'Removed'));
          }),
      );
    });
    // The label filter is also checked here: an engine that ignores filters must not make
    // `down` remove networks or volumes of other projects.
    const ours = (labels: Record<string, string>) => labels[LABEL_PROJECT] === model.name;
    const networks = (await engine.listNetworks([labelFilter(LABEL_PROJECT, model.name)])).filter((n) =>
      ours(n.labels),
    );
    for (const network of networks) {
      const key = network.labels[LABEL_NETWORK];
      if (key && (model.networks[key]?.external ?? false)) continue;
      await ignoreNotFound(engine.removeNetwork(network.name));
      ctx.err(statusLine('Network', network.name, 'Removed'));
    }
    if (flags.boolean('volumes')) {
      const volumes = (await engine.listVolumes([labelFilter(LABEL_PROJECT, model.name)])).filter((v) =>
        ours(v.labels),
      );
      for (const volume of volumes) {
        const key = volume.labels[LABEL_VOLUME];
        if (key && (model.volumes[key]?.external ?? false)) continue;
        await ignoreNotFound(engine.removeVolume(volume.name));
        ctx.err(statusLine('Volume', volume.name, 'Removed'));
      }
    }
    if (rmi) {
      const images = new Set(
        Object.entries(model.services)
          .filter(([, config]) => rmi === 'all' || !config.image)
          .map(([service, config]) => serviceImage(model.name, service, config)),
      );
      for (const image of images) {
        await ignoreNotFound(engine.removeImage(image));
        ctx.err(statusLine('Image', image, 'Removed'));
      }
    }
  },
};

async function ignoreNotFound(call: Promise<unknown>): Promise<void> {
  try {
    await call;
  } catch (err) {
    if (!isNotFound(err)) throw err;
  }
}
