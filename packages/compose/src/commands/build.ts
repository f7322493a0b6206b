// `compose build [SERVICE...]`: builds the services that have a build section, through the
// engine's Build call, tagging each image as the service's image.
import type { CommandDefinition } from './command';
import { flag } from './flag-specs';
import { buildService } from '../build/build-service';
import { UsageError } from '../errors';
import { dependencyOrder } from '../plan/order';

export const build: CommandDefinition = {
  name: 'build',
  usage: '[OPTIONS] [SERVICE...]',
  summary: 'Build or rebuild services',
  flags: [
    flag('build-arg', 'list', 'Set build-time variables for services'),
    flag('no-cache', 'boolean', 'Do not use cache when building the image'),
    flag('pull', 'boolean', 'Always attempt to pull a newer version of the image'),
    flag('quiet', 'boolean', "Don't print anything to STDOUT", 'q'),
  ],
  async run(ctx, flags, args) {
    const project = ctx.project(args);
    const buildArgs: Record<string, string> = {};
    for (const entry of flags.list('build-arg')) {
      const eq = entry.indexOf('=');
      // docker compose: `--build-arg KEY` takes KEY from the environment.
      if (eq === 0) throw new UsageError(`invalid --build-arg "${entry}": expected KEY=value`);
      if (eq > 0) buildArgs[entry.slice(0, eq)] = entry.slice(eq + 1);
      else if (ctx.io.env[entry] !== undefined) buildArgs[entry] = ctx.io.env[entry];
    }
    const engine = ctx.engine();
    for (const service of dependencyOrder(project.model.services, args, false)) {
      if (!project.model.services[service].build) continue;
      await buildService(
        engine,
        project,
        service,
        {
          noCache: flags.boolean('no-cache'),
          pull: flags.boolean('pull'),
          quiet: flags.boolean('quiet'),
          args: buildArgs,
        },
        ctx.err,
      );
    }
  },
};
