import type { FlagSpec } from './args/flag-spec';
import type { CommandDefinition } from './commands/command';
import { COMMANDS, GROUPS } from './commands/registry';

/** The flags every invocation of `berth` accepts before the command. */
export const GLOBAL_FLAGS: FlagSpec[] = [
  {
    name: 'host',
    short: 'H',
    kind: 'string',
    description: 'Engine socket to connect to (unix:///path)',
    valueName: 'string',
  },
  { name: 'debug', short: 'D', kind: 'boolean', description: 'Enable debug mode (stack traces on errors)' },
  {
    name: 'log-level',
    short: 'l',
    kind: 'string',
    description: 'Accepted for compatibility; berth does not log',
    valueName: 'string',
  },
  { name: 'version', short: 'v', kind: 'boolean', description: 'Print version information and quit' },
  { name: 'help', short: 'h', kind: 'boolean', description: 'Print usage' },
];

/** The `--help` flag each command accepts (no shorthand: `-h` is --hostname for run). */
export const HELP_FLAG: FlagSpec = { name: 'help', kind: 'boolean', description: 'Print usage' };

function flagLines(flags: readonly FlagSpec[]): string {
  const rows = flags.map((flag) => {
    const value =
      flag.kind === 'boolean' ? '' : ` ${flag.valueName ?? (flag.kind === 'list' ? 'list' : 'string')}`;
    const names = `${flag.short ? `-${flag.short}, ` : '    '}--${flag.name}${value}`;
    const defaultText = flag.defaultText ? ` (default ${flag.defaultText})` : '';
    return [names, `${flag.description}${defaultText}`];
  });
  const width = Math.max(...rows.map(([names]) => names.length));
  return rows.map(([names, text]) => `  ${names.padEnd(width)}   ${text}`).join('\n');
}

/** `berth <command> --help`. */
export function commandHelp(path: readonly string[], command: CommandDefinition): string {
  const flags = [...command.flags, HELP_FLAG].sort((a, b) => a.name.localeCompare(b.name));
  return `\nUsage:  berth ${path.join(' ')} ${command.usage}\n\n${command.summary}\n\nOptions:\n${flagLines(flags)}\n`;
}

function commandTable(rows: Array<[string, string]>): string {
  const width = Math.max(...rows.map(([name]) => name.length));
  return rows.map(([name, summary]) => `  ${name.padEnd(width)}   ${summary}`).join('\n');
}

/** `berth <group>` / `berth <group> --help`. */
export function groupHelp(group: string): string {
  const rows = COMMANDS.flatMap((entry) => {
    const path = entry.paths.find((candidate) => candidate[0] === group && candidate.length === 2);
    return path ? [[path[1], entry.summary] as [string, string]] : [];
  });
  return `\nUsage:  berth ${group} COMMAND\n\n${GROUPS[group]}\n\nCommands:\n${commandTable(rows)}\n\nRun 'berth ${group} COMMAND --help' for more information on a command.\n`;
}

/** The management command served by @berth/compose rather than this package's registry. */
export const COMPOSE = 'compose';

/** `berth` / `berth --help`. */
export function mainHelp(): string {
  const common = COMMANDS.flatMap((entry) => {
    const path = entry.paths.find((candidate) => candidate.length === 1);
    return path && !entry.hidden ? [[path[0], entry.summary] as [string, string]] : [];
  });
  const groups = [...Object.entries(GROUPS), [COMPOSE, 'Define and run multi-container applications']].sort(
    (a, b) => a[0].localeCompare(b[0]),
  ) as [string, string][];
  return (
    `\nUsage:  berth [OPTIONS] COMMAND\n\nA docker-compatible command line for the Berth container engine\n\n` +
    `Commands:\n${commandTable(common)}\n\nManagement Commands:\n${commandTable(groups)}\n\n` +
    `Global Options:\n${flagLines(GLOBAL_FLAGS)}\n\nRun 'berth COMMAND --help' for more information on a command.\n`
  );
}
