import { parseArgs, stringFlag, boolFlag, type FlagSpecs } from './args';
import { CliLog, type LogFormat } from './cli-log';
import type { CommandContext } from './command';
import { COMMANDS } from './command-table';
import { generalHelp, commandHelp } from './help';
import { VERSION_TEXT } from './version';

const GLOBAL_FLAGS: FlagSpecs = {
  root: { kind: 'string' },
  log: { kind: 'string' },
  'log-format': { kind: 'string' },
  debug: { kind: 'bool' },
  'systemd-cgroup': { kind: 'bool' },
  rootless: { kind: 'string' },
  criu: { kind: 'string' },
  version: { kind: 'bool', aliases: ['v'] },
  help: { kind: 'bool', aliases: ['h'] },
};

/** berth-runtime's entry: global flags, then one subcommand; returns the exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  let log = new CliLog(undefined, 'text', false);
  try {
    const global = parseArgs(normaliseBoolValues(argv), GLOBAL_FLAGS, 'berth-runtime');
    const format = (stringFlag(global, 'log-format') ?? 'text') as LogFormat;
    if (format !== 'text' && format !== 'json')
      throw new Error(`invalid log format "${format}": must be text or json`);
    log = new CliLog(stringFlag(global, 'log'), format, boolFlag(global, 'debug'));
    if (boolFlag(global, 'version')) {
      process.stdout.write(VERSION_TEXT);
      return 0;
    }
    const [name, ...rest] = global.positional;
    if (!name || boolFlag(global, 'help') || name === 'help') {
      process.stdout.write(name && name !== 'help' ? commandHelp(name) : generalHelp());
      return 0;
    }
    const entry = COMMANDS[name];
    if (!entry) throw new Error(`No help topic for '${name}'`);
    if (MIGRATING.has(name)) primeEarly();
    const command = entry.load();
    if (rest.includes('--help') || rest.includes('-h')) {
      const stop = rest.findIndex((a) => !a.startsWith('-'));
      if (stop < 0 || rest.indexOf('--help') < stop || rest.indexOf('-h') < stop) {
        process.stdout.write(commandHelp(name));
        return 0;
      }
    }
    const args = parseArgs(rest, command.flags, name);
    command.prepare?.(args);
    const ctx = makeContext(
      stringFlag(global, 'root'),
      boolFlag(global, 'systemd-cgroup'),
      stringFlag(global, 'rootless'),
      log,
    );
    return await command.run(args, ctx);
  } catch (error) {
    const msg = (error as Error).message ?? String(error);
    log.error(msg);
    process.stderr.write(`berth-runtime: ${msg}\n`);
    if (log.debugEnabled && (error as Error).stack) process.stderr.write(`${(error as Error).stack}\n`);
    return 1;
  }
}

function makeContext(
  root: string | undefined,
  systemdCgroup: boolean,
  rootless: string | undefined,
  log: CliLog,
): CommandContext {
  let runtime: ReturnType<CommandContext['runtime']> | undefined;
  const globals = {
    root: root ?? require('../state/state-store').DEFAULT_ROOT,
    systemdCgroup,
    rootless: rootless === 'true' || (rootless !== 'false' && process.getuid?.() !== 0),
  };
  return {
    globals,
    log,
    runtime() {
      if (!runtime) {
        const { Runtime } = require('../runtime') as typeof import('../runtime');
        runtime = new Runtime({ ...globals, warn: (m) => log.warn(m) });
      }
      return runtime;
    },
  };
}

/** Commands that move a process into cgroups. */
const MIGRATING = new Set(['create', 'run', 'exec']);

/**
 * The library starts the kernel's wait for the first cgroup move at the top of create and exec
 * (see primeCgroupMigration); the CLI starts it before it even loads the runtime, a few more
 * milliseconds of overlap. The library's own call then finds the wait under way.
 */
function primeEarly(): void {
  try {
    const { detectCgroupLayout, layoutBeingPrimed, primeCgroupMigration } =
      require('../cgroups-adapter') as typeof import('../cgroups-adapter');
    // The launcher's prime bundle usually got here first.
    if (!layoutBeingPrimed()) void primeCgroupMigration(detectCgroupLayout());
  } catch {
    // no cgroups here: create reports that itself
  }
}

/** runc accepts "--rootless" alone as "--rootless=true"; make it a value flag's form. */
function normaliseBoolValues(argv: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (
      (arg === '--rootless' || arg === '-rootless') &&
      !['true', 'false', 'auto'].includes(argv[i + 1] ?? '')
    ) {
      out.push('--rootless=true');
    } else {
      out.push(arg);
    }
    if (!arg.startsWith('-')) {
      out.push(...argv.slice(i + 1));
      break;
    }
  }
  return out;
}
