// Help text for `berth compose` and its subcommands.
import type { CommandDefinition } from '../commands/command';
import { COMMANDS } from '../commands/registry';
import type { FlagSpec } from './flags';

export function composeHelp(globals: FlagSpec[]): string {
  const width = Math.max(...COMMANDS.map((command) => command.name.length));
  return [
    'Usage:  berth compose [OPTIONS] COMMAND',
    '',
    'Define and run multi-container applications with Berth',
    '',
    'Options:',
    flagLines(globals),
    '',
    'Commands:',
    ...COMMANDS.map((command) => `  ${command.name.padEnd(width)}  ${command.summary}`),
    '',
    "Run 'berth compose COMMAND --help' for more information on a command.",
    '',
  ].join('\n');
}

export function commandHelp(command: CommandDefinition): string {
  return [
    `Usage:  berth compose ${command.name} ${command.usage}`,
    '',
    command.summary,
    ...(command.flags.length ? ['', 'Options:', flagLines(command.flags)] : []),
    '',
  ].join('\n');
}

function flagLines(flags: FlagSpec[]): string {
  const label = (flag: FlagSpec) =>
    `${flag.short ? `-${flag.short}, ` : '    '}--${flag.name}${flag.kind === 'boolean' ? '' : flag.kind === 'list' ? ' stringArray' : ' string'}`;
  const width = Math.max(...flags.map((flag) => label(flag).length));
  return flags.map((flag) => `  ${label(flag).padEnd(width)}   ${flag.description}`).join('\n');
}
