import { readFileSync } from 'node:fs';
import type { Process } from '../../oci';
import { InvalidConfigError } from '../../errors';
import { boolFlag, intFlag, listFlag, stringFlag, type ParsedArgs } from '../args';
import type { Command } from '../command';
import { forwardSignals } from './forward-signals';

export const command: Command = {
  usage: '[command options] <container-id> <command> [command options]  || -p process.json <container-id>',
  summary: 'execute new process inside the container',
  flags: {
    'console-socket': { kind: 'string' },
    cwd: { kind: 'string' },
    env: { kind: 'list', aliases: ['e'] },
    tty: { kind: 'bool', aliases: ['t'] },
    user: { kind: 'string', aliases: ['u'] },
    'additional-gids': { kind: 'list', aliases: ['g'] },
    process: { kind: 'string', aliases: ['p'] },
    detach: { kind: 'bool', aliases: ['d'] },
    'pid-file': { kind: 'string' },
    'process-label': { kind: 'string' },
    apparmor: { kind: 'string' },
    'no-new-privs': { kind: 'bool' },
    cap: { kind: 'list', aliases: ['c'] },
    'preserve-fds': { kind: 'string' },
    'ignore-paused': { kind: 'bool' },
    cgroup: { kind: 'list' },
  },
  async run(args, ctx) {
    const [id, ...argv] = args.positional;
    if (!id) throw new InvalidConfigError('"exec" requires a minimum of 1 argument');
    const runtime = ctx.runtime();
    const proc = execProcess(args, argv, () => runtime.config(id).process);
    const detach = boolFlag(args, 'detach');
    const consoleSocket = stringFlag(args, 'console-socket');
    const pidFile = stringFlag(args, 'pid-file');
    const started = await runtime.exec(id, proc, {
      preserveFds: intFlag(args, 'preserve-fds', 0),
      wait: !detach,
      ...(consoleSocket ? { consoleSocket } : {}),
      ...(pidFile ? { pidFile } : {}),
    });
    if (detach || !started.exited) return 0;
    const stop = forwardSignals(started.pid);
    try {
      return await started.exited;
    } finally {
      stop();
    }
  },
};

/** runc builds an exec process on the container's own process settings, then applies the flags. */
function execProcess(args: ParsedArgs, argv: string[], base: () => Process | undefined): Process {
  const file = stringFlag(args, 'process');
  if (file) return readProcessFile(file);
  if (argv.length === 0) throw new InvalidConfigError('exec: process args cannot be empty');
  const from = base();
  const proc: Process = {
    ...(from ?? { user: { uid: 0, gid: 0 }, cwd: '/' }),
    args: argv,
    terminal: boolFlag(args, 'tty'),
  };
  delete proc.consoleSize;
  const cwd = stringFlag(args, 'cwd');
  if (cwd) proc.cwd = cwd;
  proc.env = [...(proc.env ?? []), ...listFlag(args, 'env')];
  const user = stringFlag(args, 'user');
  if (user) {
    const [uid, gid] = user.split(':');
    if (!/^\d+$/.test(uid) || (gid !== undefined && !/^\d+$/.test(gid))) {
      throw new InvalidConfigError(`exec: --user "${user}" must be uid[:gid] in numbers`);
    }
    proc.user = { ...proc.user, uid: Number(uid), gid: gid === undefined ? 0 : Number(gid) };
  }
  const gids = listFlag(args, 'additional-gids');
  if (gids.length) {
    for (const g of gids)
      if (!/^\d+$/.test(g)) throw new InvalidConfigError(`exec: --additional-gids "${g}" must be a number`);
    proc.user = { ...proc.user, additionalGids: gids.map(Number) };
  }
  const caps = listFlag(args, 'cap') as NonNullable<Process['capabilities']>['bounding'];
  if (caps && caps.length) {
    const c = { ...proc.capabilities };
    for (const set of ['bounding', 'effective', 'permitted', 'ambient'] as const)
      c[set] = [...(c[set] ?? []), ...caps];
    proc.capabilities = c;
  }
  if (boolFlag(args, 'no-new-privs')) proc.noNewPrivileges = true;
  // Labels reach the same checks as labels in config.json (refused; see the README's Limits).
  const apparmor = stringFlag(args, 'apparmor');
  if (apparmor) proc.apparmorProfile = apparmor;
  const label = stringFlag(args, 'process-label');
  if (label) proc.selinuxLabel = label;
  return proc;
}

function readProcessFile(file: string): Process {
  let proc: Process;
  try {
    proc = JSON.parse(readFileSync(file, 'utf8')) as Process;
  } catch (error) {
    throw new InvalidConfigError(`exec: --process ${file}: ${(error as Error).message}`);
  }
  if (!proc || !Array.isArray(proc.args) || proc.args.length === 0) {
    throw new InvalidConfigError(`exec: --process ${file}: args: must be a non-empty list`);
  }
  return proc;
}
