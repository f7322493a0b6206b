import type { FlagSpec } from './args/flag-spec';
import type { CommandContext } from './commands/command';
import { COMMANDS, GROUPS, findCommand } from './commands/registry';
import { GLOBAL_FLAGS, HELP_FLAG } from './help';

/** Printed instead of candidates when the shell should complete file names. */
export const FILES = '__files__';

type NameKind = 'CONTAINER' | 'IMAGE' | 'NETWORK' | 'VOLUME';
const NAME_KINDS = new Set<string>(['CONTAINER', 'IMAGE', 'NETWORK', 'VOLUME']);

/** The placeholder a positional argument has in a usage line: "[OPTIONS] NETWORK CONTAINER" → index 1 is CONTAINER. */
function positionalKind(usage: string, index: number): string | undefined {
  const tokens = usage
    .split(/\s+/)
    .filter((token) => token !== '[OPTIONS]')
    .map((token) => token.replace(/[[\]]|\.\.\./g, '').split(/[:|]/)[0]);
  const repeated = /\.\.\.\]?$/.test(usage.trim());
  if (index < tokens.length) return tokens[index];
  return repeated ? tokens[tokens.length - 1] : undefined;
}

/** Names of engine objects of one kind, for completing CONTAINER and friends; none when the engine is down. */
async function objectNames(ctx: CommandContext, kind: NameKind): Promise<string[]> {
  try {
    const engine = await ctx.engine();
    switch (kind) {
      case 'CONTAINER': {
        const { containers } = await engine.call('containers', 'listContainers', {
          all: true,
          size: false,
          filters: [],
          limit: 0,
        });
        return containers.flatMap((container) => container.names.map((name) => name.replace(/^\//, '')));
      }
      case 'IMAGE': {
        const { images } = await engine.call('images', 'listImages', { all: false, filters: [] });
        return images.flatMap((image) => image.repoTags);
      }
      case 'NETWORK':
        return (await engine.call('networks', 'listNetworks', { filters: [] })).networks.map(
          (network) => network.name,
        );
      case 'VOLUME':
        return (await engine.call('volumes', 'listVolumes', { filters: [] })).volumes.map(
          (volume) => volume.name,
        );
    }
  } catch {
    return [];
  }
}

function flagNames(flags: readonly FlagSpec[]): string[] {
  return flags.flatMap((flag) => [`--${flag.name}`, ...(flag.short ? [`-${flag.short}`] : [])]);
}

/** Skips flags (and the values of value-taking ones); returns the positional words. */
function positionals(
  words: readonly string[],
  flags: readonly FlagSpec[],
): { args: string[]; expectsValue: boolean } {
  const args: string[] = [];
  let expectsValue = false;
  for (const word of words) {
    if (expectsValue) {
      expectsValue = false;
      continue;
    }
    if (word.startsWith('-') && word.length > 1 && !word.includes('=')) {
      const spec = word.startsWith('--')
        ? flags.find((flag) => flag.name === word.slice(2))
        : flags.find((flag) => flag.short === word[word.length - 1]);
      expectsValue = spec !== undefined && spec.kind !== 'boolean';
      continue;
    }
    if (!word.startsWith('-')) args.push(word);
  }
  return { args, expectsValue };
}

/**
 * Completion candidates for `berth <words...>`, whose last word is the one being typed: commands,
 * subcommands, flags from each command's own table, and engine object names where the usage line
 * says CONTAINER, IMAGE, NETWORK or VOLUME.
 */
export async function completionCandidates(ctx: CommandContext, words: readonly string[]): Promise<string[]> {
  const current = words[words.length - 1] ?? '';
  const before = words.slice(0, -1);
  const globals = positionals(before, GLOBAL_FLAGS);
  if (globals.expectsValue) return [FILES];
  const commandWords = globals.args;
  if (current.startsWith('-') && commandWords.length === 0) return flagNames(GLOBAL_FLAGS);

  const found = findCommand(commandWords);
  if (!found) {
    if (commandWords.length === 0) {
      const topLevel = COMMANDS.filter((entry) => !entry.hidden).flatMap((entry) =>
        entry.paths.filter((path) => path.length === 1),
      );
      return [...topLevel.map((path) => path[0]), ...Object.keys(GROUPS)];
    }
    if (commandWords.length === 1 && GROUPS[commandWords[0]]) {
      return COMMANDS.flatMap((entry) =>
        entry.paths.filter((path) => path.length === 2 && path[0] === commandWords[0]).map((path) => path[1]),
      );
    }
    return [];
  }

  const command = found.entry.load();
  const flags = [...command.flags, HELP_FLAG];
  const afterCommand = before.slice(before.indexOf(found.path[found.path.length - 1]) + 1);
  const { args, expectsValue } = positionals(afterCommand, flags);
  if (expectsValue) {
    const previous = afterCommand[afterCommand.length - 1];
    if (previous === '--network') return objectNames(ctx, 'NETWORK');
    return [FILES];
  }
  if (current.startsWith('-')) return flagNames(flags);
  // run/create/exec: after the image or container come the command's own words.
  if (command.interspersed === false && args.length >= 1) return [FILES];
  const kind = positionalKind(command.usage, args.length);
  if (kind && NAME_KINDS.has(kind)) return objectNames(ctx, kind as NameKind);
  return [FILES];
}
