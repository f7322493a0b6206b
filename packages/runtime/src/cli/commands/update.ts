import { readFileSync } from 'node:fs';
import type { LinuxResources } from '../../oci';
import { InvalidConfigError } from '../../errors';
import { containerId, stringFlag, type ParsedArgs } from '../args';
import type { Command } from '../command';

/** Flag → where its value goes in linux.resources, as runc's update flags map. */
const NUMERIC_FLAGS: Record<string, [keyof LinuxResources, string]> = {
  'blkio-weight': ['blockIO', 'weight'],
  'cpu-period': ['cpu', 'period'],
  'cpu-quota': ['cpu', 'quota'],
  'cpu-share': ['cpu', 'shares'],
  'cpu-rt-period': ['cpu', 'realtimePeriod'],
  'cpu-rt-runtime': ['cpu', 'realtimeRuntime'],
  memory: ['memory', 'limit'],
  'memory-reservation': ['memory', 'reservation'],
  'memory-swap': ['memory', 'swap'],
  'kernel-memory': ['memory', 'kernel'],
  'kernel-memory-tcp': ['memory', 'kernelTCP'],
  'pids-limit': ['pids', 'limit'],
};
const STRING_FLAGS: Record<string, [keyof LinuxResources, string]> = {
  'cpuset-cpus': ['cpu', 'cpus'],
  'cpuset-mems': ['cpu', 'mems'],
};

export const command: Command = {
  usage: '[command options] <container-id>',
  summary: 'update container resource constraints',
  flags: {
    resources: { kind: 'string', aliases: ['r'] },
    ...Object.fromEntries(
      [...Object.keys(NUMERIC_FLAGS), ...Object.keys(STRING_FLAGS), 'l3-cache-schema', 'mem-bw-schema'].map(
        (f) => [f, { kind: 'string' as const }],
      ),
    ),
  },
  async run(args, ctx) {
    const id = containerId(args, 'update');
    await ctx.runtime().update(id, resourcesFrom(args));
    return 0;
  },
};

function resourcesFrom(args: ParsedArgs): LinuxResources {
  const file = stringFlag(args, 'resources');
  if (file) {
    const text = readFileSync(file === '-' ? 0 : file, 'utf8');
    try {
      return JSON.parse(text) as LinuxResources;
    } catch (error) {
      throw new InvalidConfigError(`update: --resources: invalid JSON: ${(error as Error).message}`);
    }
  }
  const out: Record<string, Record<string, number | string>> = {};
  for (const [flag, [area, field]] of Object.entries(NUMERIC_FLAGS)) {
    const value = stringFlag(args, flag);
    if (value === undefined) continue;
    const n = parseSize(value, flag);
    (out[area] ??= {})[field] = n;
  }
  for (const [flag, [area, field]] of Object.entries(STRING_FLAGS)) {
    const value = stringFlag(args, flag);
    if (value !== undefined) (out[area] ??= {})[field] = value;
  }
  return out as LinuxResources;
}

/** Numbers, -1, or sizes like 512m / 1g (memory flags). */
function parseSize(text: string, flag: string): number {
  const match = /^(-?\d+)([kmgt]?)b?$/i.exec(text);
  if (!match) throw new InvalidConfigError(`update: invalid value "${text}" for --${flag}`);
  const mult = { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3, t: 1024 ** 4 }[
    match[2].toLowerCase() as '' | 'k' | 'm' | 'g' | 't'
  ];
  return Number(match[1]) * mult;
}
