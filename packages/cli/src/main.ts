import { parseFlags } from './args/parse';
import type { CliIo, CommandContext } from './commands/command';
import { findCommand, GROUPS } from './commands/registry';
import type { Engine } from './engine/engine';
import { CliError, formatCliError, UsageError } from './errors';
import { EXIT_ENGINE_ERROR, EXIT_OK } from './exit-codes';
import { commandHelp, COMPOSE, GLOBAL_FLAGS, groupHelp, HELP_FLAG, mainHelp } from './help';
import { CLI_VERSION } from './version';

export type { CliIo } from './commands/command';

export interface MainOptions {
  /** Defaults to the real clock. */
  now?: () => Date;
}

/**
 * Runs one `berth` command line and resolves to the exit code. Never throws: every failure
 * becomes one `berth: <what>: <why>` line on stderr and docker's exit code.
 */
export async function main(argv: readonly string[], io: CliIo, options: MainOptions = {}): Promise<number> {
  let name = '';
  let debug = false;
  let engine: Promise<Engine> | undefined;
  const write = (stream: NodeJS.WritableStream) => (text: string) => void stream.write(text);
  try {
    const globals = parseFlags(GLOBAL_FLAGS, argv, { interspersed: false, command: '' });
    debug = globals.flags.boolean('debug');
    if (globals.flags.boolean('version')) {
      io.stdout.write(`Berth version ${CLI_VERSION}\n`);
      return EXIT_OK;
    }
    const words = globals.args;
    if (words.length === 0 || globals.flags.boolean('help')) {
      io.stdout.write(mainHelp());
      return EXIT_OK;
    }
    if (words[0] === COMPOSE)
      return await runComposeCommand(words.slice(1), io, globals.flags.string('host'));
    const found = findCommand(words);
    if (!found) {
      if (GROUPS[words[0]]) {
        if (words.length === 1 || words[1] === '--help') {
          io.stdout.write(groupHelp(words[0]));
          return EXIT_OK;
        }
        throw new UsageError(
          `unknown command "${words[1]}" for "berth ${words[0]}" (see 'berth ${words[0]} --help')`,
        );
      }
      throw new UsageError(`unknown command "${words[0]}" (see 'berth --help')`);
    }
    name = found.path.join(' ');
    const command = found.entry.load();
    const rest = words.slice(found.path.length);
    const { flags, args } = command.rawArgs
      ? { flags: parseFlags(command.flags, [], { interspersed: true, command: name }).flags, args: rest }
      : parseFlags([...command.flags, HELP_FLAG], rest, {
          interspersed: command.interspersed ?? true,
          command: name,
        });
    if (!command.rawArgs && flags.boolean('help')) {
      io.stdout.write(commandHelp(found.path, command));
      return EXIT_OK;
    }
    checkArgumentCount(name, command.minArgs ?? 0, command.maxArgs, args.length);

    const host = globals.flags.string('host');
    const ctx: CommandContext = {
      io,
      name,
      debug,
      now: options.now ?? (() => new Date()),
      out: write(io.stdout),
      err: write(io.stderr),
      engine: () => {
        engine ??= (async () => {
          const { resolveEngineSocket } = require('./engine/host') as typeof import('./engine/host');
          const { connectEngine } = require('./engine/engine') as typeof import('./engine/engine');
          return connectEngine(resolveEngineSocket(host, io.env));
        })();
        return engine;
      },
    };
    return (await command.run(ctx, flags, args)) ?? EXIT_OK;
  } catch (err) {
    // A multi-target command already printed each failure.
    if (!(err instanceof CliError && err.code === 'Partial'))
      io.stderr.write(`${formatCliError(name, err, debug)}\n`);
    return err instanceof CliError ? err.exitCode : EXIT_ENGINE_ERROR;
  } finally {
    if (engine) (await engine.catch(() => undefined))?.close();
  }
}

/** `berth compose ...` is its own command line (docker compose's), loaded only when used. */
function runComposeCommand(argv: readonly string[], io: CliIo, host: string | undefined): Promise<number> {
  const { runCompose } = require('@berth/compose') as typeof import('@berth/compose');
  const { resolveEngineSocket } = require('./engine/host') as typeof import('./engine/host');
  return runCompose([...argv], io, host ? { engineSocket: resolveEngineSocket(host, io.env) } : {});
}

function checkArgumentCount(name: string, min: number, max: number | undefined, count: number): void {
  const plural = (n: number) => `${n} argument${n === 1 ? '' : 's'}`;
  const see = `(see 'berth ${name} --help')`;
  if (count < min) {
    throw new UsageError(
      `"berth ${name}" requires ${max === min ? 'exactly' : 'at least'} ${plural(min)} ${see}`,
    );
  }
  if (max !== undefined && count > max) {
    throw new UsageError(
      `"berth ${name}" accepts ${max === min ? 'exactly' : 'at most'} ${plural(max)} ${see}`,
    );
  }
}
