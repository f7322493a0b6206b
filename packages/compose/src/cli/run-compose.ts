// The `berth compose` entry: global flags, then one subcommand. Resolves to the exit code and
// never throws: failures print one `berth compose <command>: <why>` line on stderr.
import { join } from 'node:path';
import type { CommandContext, ComposeIo } from '../commands/command';
import { findCommand } from '../commands/registry';
import { Engine } from '../engine/engine';
import { ComposeError, UsageError } from '../errors';
import { NoComposeFileError } from '../load/discover';
import { loadProject } from '../load/load-project';
import { checkProjectName } from '../load/project-name';
import { projectFromLabels } from '../commands/project-from-labels';
import type { ComposeProject } from '../model/types';
import { parseFlags, type FlagSpec } from './flags';
import { commandHelp, composeHelp } from './help';

export const GLOBAL_FLAGS: FlagSpec[] = [
  { name: 'file', short: 'f', kind: 'list', description: 'Compose configuration files' },
  { name: 'project-name', short: 'p', kind: 'string', description: 'Project name' },
  {
    name: 'project-directory',
    kind: 'string',
    description: "Alternate working directory (default: the first file's directory)",
  },
  { name: 'env-file', kind: 'list', description: 'Alternate environment file' },
  { name: 'profile', kind: 'list', description: 'Specify a profile to enable' },
  { name: 'host', short: 'H', kind: 'string', description: 'Engine socket to connect to (unix:///path)' },
  { name: 'debug', kind: 'boolean', description: 'Print stack traces of failures' },
  { name: 'help', kind: 'boolean', description: 'Print usage' },
];

export interface RunComposeOptions {
  /** berthd's socket; defaults to -H, $BERTH_HOST, $BERTH_RUN/engine.sock, /run/berth/engine.sock. */
  engineSocket?: string;
  /** Directory relative paths and discovery start from; defaults to process.cwd(). */
  cwd?: string;
  /** Aborts long commands (up without -d, logs -f); defaults to SIGINT/SIGTERM. */
  signal?: AbortSignal;
}

export async function runCompose(
  argv: readonly string[],
  io: ComposeIo,
  options: RunComposeOptions = {},
): Promise<number> {
  let name = '';
  let debug = false;
  let engine: Engine | undefined;
  const controller = new AbortController();
  // The first Ctrl-C ends long commands cleanly (up stops what it attached to, logs -f ends);
  // a second one exits at once, as docker compose does.
  let interrupts = 0;
  const stopOnSignal = () => {
    if (interrupts++ > 0 && ownSignals) process.exit(130);
    if (ownSignals) io.stderr.write('Interrupted: press Ctrl-C again to force\n');
    controller.abort(new ComposeError('Usage', 'interrupted'));
  };
  const ownSignals = !options.signal;
  if (ownSignals) {
    process.on('SIGINT', stopOnSignal);
    process.on('SIGTERM', stopOnSignal);
  } else {
    options.signal?.addEventListener('abort', stopOnSignal, { once: true });
  }
  try {
    const globals = parseFlags(GLOBAL_FLAGS, argv, '', true);
    debug = globals.flags.boolean('debug');
    const [commandName, ...rest] = globals.args;
    if (!commandName || globals.flags.boolean('help')) {
      io.stdout.write(composeHelp(GLOBAL_FLAGS));
      return 0;
    }
    const command = findCommand(commandName);
    if (!command) throw new UsageError(`unknown command "${commandName}" (see 'berth compose --help')`);
    name = command.name;
    const help = { name: 'help', kind: 'boolean' as const, description: 'Print usage' };
    const { flags, args } = parseFlags([...command.flags, help], rest, name, command.stopAtFirstArg);
    if (flags.boolean('help')) {
      io.stdout.write(commandHelp(command));
      return 0;
    }
    if (args.length < (command.minArgs ?? 0))
      throw new UsageError(
        `"compose ${name}" requires at least ${command.minArgs} argument(s): ${command.usage}`,
      );
    if (command.maxArgs !== undefined && args.length > command.maxArgs) {
      throw new UsageError(
        `"compose ${name}" accepts at most ${command.maxArgs} argument(s): ${command.usage}`,
      );
    }
    const socket = options.engineSocket ?? engineSocket(globals.flags.string('host'), io.env);
    const envFiles = globals.flags.list('env-file');
    let project: ComposeProject | undefined;
    const cwd = options.cwd ?? process.cwd();
    const ctx: CommandContext = {
      io,
      out: (text) => void io.stdout.write(text),
      err: (text) => void io.stderr.write(text),
      signal: controller.signal,
      engine: () => (engine ??= Engine.connect(socket)),
      project: (services = []) =>
        (project ??= loadProject({
          files: globals.flags.list('file'),
          projectName: globals.flags.string('project-name'),
          projectDirectory: globals.flags.string('project-directory'),
          envFile: envFiles.at(-1),
          profiles: globals.flags.list('profile'),
          services,
          cwd,
          env: io.env,
        })),
      existingProject: async (services = []) => {
        try {
          return ctx.project(services);
        } catch (err) {
          const name = globals.flags.string('project-name');
          if (!(err instanceof NoComposeFileError) || !name) throw err;
          return (project = await projectFromLabels(ctx.engine(), checkProjectName(name, '-p'), cwd));
        }
      },
    };
    return (await command.run(ctx, flags, args)) ?? 0;
  } catch (err) {
    const prefix = name ? `berth compose ${name}` : 'berth compose';
    const message = err instanceof ComposeError ? err.message : (err as Error).message;
    io.stderr.write(`${prefix}: ${message}\n`);
    if (debug && err instanceof Error && err.stack) io.stderr.write(`${err.stack}\n`);
    return err instanceof UsageError ? 125 : 1;
  } finally {
    engine?.close();
    if (ownSignals) {
      process.removeListener('SIGINT', stopOnSignal);
      process.removeListener('SIGTERM', stopOnSignal);
    }
  }
}

/** -H unix:///path or /path, else $BERTH_HOST, else $BERTH_RUN/engine.sock, else /run/berth/engine.sock. */
export function engineSocket(host: string | undefined, env: NodeJS.ProcessEnv): string {
  const chosen = host || env.BERTH_HOST;
  if (!chosen) return join(env.BERTH_RUN || '/run/berth', 'engine.sock');
  const path = chosen.startsWith('unix://') ? chosen.slice('unix://'.length) : chosen;
  if (!path.startsWith('/'))
    throw new UsageError(`invalid host "${chosen}": the engine is reached over unix:///path sockets only`);
  return path;
}
