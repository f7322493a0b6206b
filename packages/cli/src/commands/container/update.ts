import { UsageError } from '../../errors';
import type { CommandDefinition } from '../command';
import { forEachTarget } from '../targets';
import { RESOURCE_FLAGS, resourcesFromFlags, restartPolicyFromFlags } from './resource-flags';

/** `berth update`: new resource limits or restart policy for containers, running or not. */
export const update: CommandDefinition = {
  usage: '[OPTIONS] CONTAINER [CONTAINER...]',
  summary: 'Update configuration of one or more containers',
  flags: RESOURCE_FLAGS,
  minArgs: 1,
  async run(ctx, flags, args) {
    const resources = resourcesFromFlags(flags);
    const restartPolicy = restartPolicyFromFlags(flags);
    if (!restartPolicy && !RESOURCE_FLAGS.some((flag) => flags.string(flag.name) !== undefined))
      throw new UsageError('you must provide one or more flags when using this command', ctx.name);
    const engine = await ctx.engine();
    await forEachTarget(ctx, args, async (id) => {
      const { warnings } = await engine.call('containers', 'updateContainer', {
        id,
        resources,
        restartPolicy,
      });
      for (const warning of warnings) ctx.err(`WARNING: ${warning}\n`);
    });
  },
};
