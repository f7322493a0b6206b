// Image commands: pull and push the services' images, list the ones the project's containers
// use.
import type { CommandDefinition } from './command';
import { flag } from './flag-specs';
import { formatTable } from '../output/table';
import { statusLine } from '../output/status';
import { dependencyOrder } from '../plan/order';
import { serviceImage } from '../plan/names';
import { ofServices, projectContainers } from './project-containers';

export const pull: CommandDefinition = {
  name: 'pull',
  usage: '[OPTIONS] [SERVICE...]',
  summary: 'Pull service images',
  flags: [
    flag('ignore-pull-failures', 'boolean', 'Pull what it can and ignores images with pull failures'),
    flag('quiet', 'boolean', 'Pull without printing progress information', 'q'),
  ],
  async run(ctx, flags, args) {
    const { model } = ctx.project(args);
    let failed = 0;
    for (const service of dependencyOrder(model.services, args, false)) {
      const config = model.services[service];
      // A service with a build context and no image has nothing to pull.
      if (!config.image) continue;
      try {
        await ctx.engine().pullImage(config.image);
        if (!flags.boolean('quiet')) ctx.err(statusLine('Image', config.image, 'Pulled'));
      } catch (err) {
        if (!flags.boolean('ignore-pull-failures')) throw err;
        failed++;
        ctx.err(`${(err as Error).message}\n`);
      }
    }
    return failed ? 1 : 0;
  },
};

export const push: CommandDefinition = {
  name: 'push',
  usage: '[OPTIONS] [SERVICE...]',
  summary: 'Push service images',
  flags: [flag('quiet', 'boolean', 'Push without printing progress information', 'q')],
  async run(ctx, flags, args) {
    const { model } = ctx.project(args);
    for (const service of dependencyOrder(model.services, args, false)) {
      const config = model.services[service];
      // Only images the project builds and names are pushed (as docker compose does).
      if (!config.build || !config.image) continue;
      await ctx.engine().pushImage(config.image);
      if (!flags.boolean('quiet')) ctx.err(statusLine('Image', config.image, 'Pushed'));
    }
  },
};

export const images: CommandDefinition = {
  name: 'images',
  usage: '[OPTIONS] [SERVICE...]',
  summary: 'List images used by the created containers',
  flags: [flag('quiet', 'boolean', 'Only display IDs', 'q')],
  async run(ctx, flags, args) {
    const { model } = await ctx.existingProject(args);
    const engine = ctx.engine();
    const containers = ofServices(await projectContainers(engine, model.name), args);
    const byId = new Map((await engine.listImages()).map((image) => [image.id, image]));
    const rows = containers.map((container) => {
      const image = byId.get(container.summary.imageId);
      const reference =
        container.summary.image ||
        serviceImage(model.name, container.service, model.services[container.service] ?? {});
      const colon = reference.lastIndexOf(':');
      const [repository, tag] =
        colon > reference.lastIndexOf('/')
          ? [reference.slice(0, colon), reference.slice(colon + 1)]
          : [reference, 'latest'];
      const id = container.summary.imageId.replace(/^sha256:/, '').slice(0, 12);
      return [container.name, repository, tag, id, image ? humanSize(image.size) : ''];
    });
    if (flags.boolean('quiet'))
      return ctx.out([...new Set(rows.map((row) => row[3]))].map((id) => `${id}\n`).join(''));
    ctx.out(formatTable(['CONTAINER', 'REPOSITORY', 'TAG', 'IMAGE ID', 'SIZE'], rows));
  },
};

function humanSize(bytes: number): string {
  const units = ['B', 'kB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return `${unit === 0 ? value : value.toFixed(value < 10 ? 2 : 1)}${units[unit]}`;
}
