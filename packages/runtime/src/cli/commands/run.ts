import { boolFlag, containerId } from '../args';
import type { Command } from '../command';
import { CREATE_FLAGS, createOptions, prestartCreateHelper } from './create-flags';
import { forwardSignals } from './forward-signals';

export const command: Command = {
  usage: '[command options] <container-id>',
  summary: 'create and run a container',
  flags: { ...CREATE_FLAGS, detach: { kind: 'bool', aliases: ['d'] }, keep: { kind: 'bool' } },
  prepare: prestartCreateHelper,
  async run(args, ctx) {
    const id = containerId(args, 'run');
    let stopForwarding = () => {};
    try {
      return await ctx.runtime().run(id, {
        ...createOptions(args),
        detach: boolFlag(args, 'detach'),
        keep: boolFlag(args, 'keep'),
        onCreated: (pid) => (stopForwarding = forwardSignals(pid)),
      });
    } finally {
      stopForwarding();
    }
  },
};
