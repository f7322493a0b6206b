// `compose exec SERVICE COMMAND`: runs a command in a running container of the service.
import type { CommandDefinition } from './command';
import { flag } from './flag-specs';
import { ComposeError } from '../errors';
import { runExec } from '../engine/exec-session';
import { serviceContainer } from './service-container';

export const exec: CommandDefinition = {
  name: 'exec',
  usage: '[OPTIONS] SERVICE COMMAND [ARGS...]',
  summary: 'Execute a command in a running container',
  stopAtFirstArg: true,
  minArgs: 2,
  flags: [
    flag('detach', 'boolean', 'Detached mode: run the command in the background', 'd'),
    flag('env', 'list', 'Set environment variables', 'e'),
    flag('index', 'string', 'Index of the container if the service has multiple replicas'),
    flag('no-TTY', 'boolean', 'Disable pseudo-TTY allocation (allocated when stdin is a terminal)', 'T'),
    flag('privileged', 'boolean', 'Give extended privileges to the process'),
    flag('user', 'string', 'Run the command as this user', 'u'),
    flag('workdir', 'string', 'Path to workdir directory for this command', 'w'),
  ],
  async run(ctx, flags, args) {
    const [service, ...cmd] = args;
    const project = ctx.project([service]);
    const engine = ctx.engine();
    const container = await serviceContainer(engine, project, service, flags.integer('index') ?? 1);
    if (!container.running)
      throw new ComposeError('ContainerUnavailable', `container ${container.name} is not running`);
    const detach = flags.boolean('detach');
    // docker compose: a terminal when stdin is one (unless -T); stdin is forwarded either way.
    const tty = !detach && !flags.boolean('no-TTY') && ctx.io.stdin.isTTY === true;
    const code = await runExec(
      engine,
      {
        id: container.id,
        cmd,
        env: flags.list('env'),
        user: flags.string('user') ?? '',
        workingDir: flags.string('workdir') ?? '',
        privileged: flags.boolean('privileged'),
        detach,
      },
      {
        stdout: (data) => ctx.io.stdout.write(data),
        stderr: (data) => ctx.io.stderr.write(data),
        ...(detach ? {} : { stdin: ctx.io.stdin }),
        ...(tty ? { terminal: ctx.io.stdout } : {}),
      },
    );
    return code < 0 ? 0 : code;
  },
};
