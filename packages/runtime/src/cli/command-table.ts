import type { Command } from './command';

/** Subcommands, each loaded only when it runs (a CLI call should not pay for the others). */
export const COMMANDS: Record<string, { summary: string; load: () => Command }> = {
  create: { summary: 'create a container', load: () => require('./commands/create').command },
  start: {
    summary: 'executes the user defined process in a created container',
    load: () => require('./commands/start').command,
  },
  state: { summary: 'output the state of a container', load: () => require('./commands/state').command },
  kill: {
    summary: "kill sends the specified signal (default: SIGTERM) to the container's init process",
    load: () => require('./commands/kill').command,
  },
  delete: {
    summary: 'delete any resources held by the container often used with detached container',
    load: () => require('./commands/delete').command,
  },
  run: { summary: 'create and run a container', load: () => require('./commands/run').command },
  exec: {
    summary: 'execute new process inside the container',
    load: () => require('./commands/exec').command,
  },
  ps: {
    summary: 'ps displays the processes running inside a container',
    load: () => require('./commands/ps').command,
  },
  pause: {
    summary: 'pause suspends all processes inside the container',
    load: () => require('./commands/pause').pause,
  },
  resume: {
    summary: 'resumes all processes that have been previously paused',
    load: () => require('./commands/pause').resume,
  },
  list: {
    summary: 'lists containers started by berth-runtime with the given root',
    load: () => require('./commands/list').command,
  },
  spec: {
    summary: 'create a new specification file',
    load: () => require('./commands/spec-command').command,
  },
  events: {
    summary: 'display container events such as OOM notifications, cpu, memory, and IO usage statistics',
    load: () => require('./commands/events').command,
  },
  update: {
    summary: 'update container resource constraints',
    load: () => require('./commands/update').command,
  },
  features: { summary: 'show the enabled features', load: () => require('./commands/features').command },
};
