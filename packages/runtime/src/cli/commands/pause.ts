import { containerId } from '../args';
import type { Command } from '../command';

export const pause: Command = {
  usage: '<container-id>',
  summary: 'pause suspends all processes inside the container',
  flags: {},
  async run(args, ctx) {
    await ctx.runtime().pause(containerId(args, 'pause'));
    return 0;
  },
};

export const resume: Command = {
  usage: '<container-id>',
  summary: 'resumes all processes that have been previously paused',
  flags: {},
  async run(args, ctx) {
    await ctx.runtime().resume(containerId(args, 'resume'));
    return 0;
  },
};
