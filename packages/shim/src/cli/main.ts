import { writeSync, closeSync } from 'node:fs';
import * as path from 'node:path';
import { berthRun, formatCliError, InvalidArgumentError } from '@berth/kit';
import { parsePolicy } from '../grouping';
import { serve } from '../serve';
import { deleteOrphanedTask } from './delete-command';
import { parseFlags, requiredFlag } from './flags';
import { READY_FD_ENV, startShim } from './start-command';

const USAGE = `usage: berth-shim <command> [flags]

commands:
  start   --id ID [--grouping container|group|shared] [--group LABEL] [--max-per-shim N]
          prints the socket of the shim that owns the container, starting it if needed
  delete  --id ID   cleans up a container whose shim died; prints its exit as JSON
  serve   --key KEY runs a shim in the foreground (what start runs, detached)

common flags: --run DIR (default $BERTH_RUN or /run/berth), --runtime-root DIR
(default <run>/runtime), --log-level LEVEL`;

const COMMON = ['run', 'runtime-root', 'log-level'] as const;

function commonOptions(flags: Map<string, string>): { run: string; runtimeRoot: string; logLevel?: string } {
  const run = path.resolve(flags.get('run') ?? berthRun());
  const logLevel = flags.get('log-level');
  return {
    run,
    runtimeRoot: path.resolve(flags.get('runtime-root') ?? path.join(run, 'runtime')),
    ...(logLevel ? { logLevel } : {}),
  };
}

async function runCommand(command: string | undefined, args: string[]): Promise<void> {
  switch (command) {
    case 'start': {
      const flags = parseFlags(args, [...COMMON, 'id', 'grouping', 'group', 'max-per-shim']);
      const group = flags.get('group');
      const socket = await startShim({
        ...commonOptions(flags),
        id: requiredFlag(flags, 'id'),
        policy: parsePolicy(flags.get('grouping') ?? 'container'),
        ...(group ? { group } : {}),
        maxPerShim: Number(flags.get('max-per-shim') ?? 50),
      });
      process.stdout.write(`${socket}\n`);
      return;
    }
    case 'delete': {
      const flags = parseFlags(args, [...COMMON, 'id']);
      const result = await deleteOrphanedTask({ ...commonOptions(flags), id: requiredFlag(flags, 'id') });
      process.stdout.write(`${JSON.stringify(result)}\n`);
      return;
    }
    case 'serve': {
      const flags = parseFlags(args, [...COMMON, 'key']);
      // Only a descriptor `start` set up (never 0-2, whatever the environment says).
      const readyFd = Number(process.env[READY_FD_ENV] || -1);
      delete process.env[READY_FD_ENV];
      await serve({
        ...commonOptions(flags),
        key: requiredFlag(flags, 'key'),
        onReady: () => {
          if (!Number.isInteger(readyFd) || readyFd < 3) return;
          writeSync(readyFd, 'ready\n');
          closeSync(readyFd);
        },
      });
      return;
    }
    case '--help':
    case 'help':
      process.stdout.write(`${USAGE}\n`);
      return;
    default:
      throw new InvalidArgumentError(command ? `unknown command "${command}"\n${USAGE}` : USAGE, {
        reason: 'BAD_COMMAND',
      });
  }
}

/** The berth-shim command line; exits with 1 and one line on stderr on failure. */
export async function main(argv: string[]): Promise<void> {
  const [command, ...args] = argv;
  try {
    await runCommand(command, args);
    process.exitCode = 0;
  } catch (error) {
    process.stderr.write(`${formatCliError(`shim ${command ?? ''}`.trim(), error)}\n`);
    process.exitCode = 1;
  }
}
