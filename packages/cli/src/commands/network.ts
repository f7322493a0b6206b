import { bool, list, str } from '../args/flag-spec';
import { parseKeyValues } from '../args/env';
import { parseFilters } from '../args/filters';
import { InvalidArgumentError } from '../errors';
import { renderRows } from '../format/render';
import { labelsText, withLabelMethod } from '../format/rows';
import { goTimeString, shortId } from '../format/units';
import type { CommandDefinition } from './command';
import { confirm } from './confirm';
import { forEachTarget } from './targets';

const HEADERS = {
  ID: 'NETWORK ID',
  Name: 'NAME',
  Driver: 'DRIVER',
  Scope: 'SCOPE',
  IPv6: 'IPV6',
  Internal: 'INTERNAL',
  CreatedAt: 'CREATED AT',
};
const DEFAULT_FORMAT = 'table {{.ID}}\t{{.Name}}\t{{.Driver}}\t{{.Scope}}';

export const networkCreate: CommandDefinition = {
  usage: '[OPTIONS] NETWORK',
  summary: 'Create a network',
  flags: [
    str('driver', 'Driver to manage the Network', 'd'),
    str('gateway', 'IPv4 Gateway for the master subnet'),
    bool('internal', 'Restrict external access to the network'),
    str('ip-range', 'Allocate container ip from a sub-range'),
    list('label', 'Set metadata on a network'),
    list('opt', 'Set driver specific options', 'o', 'map'),
    str('subnet', 'Subnet in CIDR format that represents a network segment'),
  ],
  minArgs: 1,
  maxArgs: 1,
  async run(ctx, flags, [name]) {
    const driver = flags.string('driver') ?? 'bridge';
    if (driver !== 'bridge')
      throw new InvalidArgumentError(`network driver "${driver}" is not supported (only bridge)`);
    const engine = await ctx.engine();
    const result = await engine.call('networks', 'createNetwork', {
      name,
      driver,
      subnet: flags.string('subnet') ?? '',
      gateway: flags.string('gateway') ?? '',
      ipRange: flags.string('ip-range') ?? '',
      internal: flags.boolean('internal'),
      labels: parseKeyValues(flags.list('label'), '--label'),
      options: parseKeyValues(flags.list('opt'), '--opt'),
    });
    for (const warning of result.warnings) ctx.err(`WARNING: ${warning}\n`);
    ctx.out(`${result.id}\n`);
  },
};

export const networkLs: CommandDefinition = {
  usage: '[OPTIONS]',
  summary: 'List networks',
  flags: [
    list('filter', 'Provide filter values (e.g. "driver=bridge")', 'f', 'filter'),
    str('format', "Format output using a custom template: 'table', 'table TEMPLATE', 'json' or 'TEMPLATE'"),
    bool('no-trunc', 'Do not truncate the output'),
    bool('quiet', 'Only display network IDs', 'q'),
  ],
  maxArgs: 0,
  async run(ctx, flags) {
    const engine = await ctx.engine();
    const { networks } = await engine.call('networks', 'listNetworks', {
      filters: parseFilters(flags.list('filter')),
    });
    const noTrunc = flags.boolean('no-trunc');
    const rows = networks.map((network) =>
      withLabelMethod(
        {
          CreatedAt: goTimeString(network.created),
          Driver: network.driver,
          ID: noTrunc ? network.id : shortId(network.id),
          IPv6: 'false',
          Internal: String(network.internal),
          Labels: labelsText(network.labels),
          Name: network.name,
          Scope: network.scope,
        },
        network.labels,
      ),
    );
    const format = flags.boolean('quiet') ? '{{.ID}}' : flags.string('format');
    ctx.out(renderRows(rows, { format, defaultFormat: DEFAULT_FORMAT, headers: HEADERS }));
  },
};

export const networkRm: CommandDefinition = {
  usage: 'NETWORK [NETWORK...]',
  summary: 'Remove one or more networks',
  flags: [bool('force', 'Do not error if the network does not exist', 'f')],
  minArgs: 1,
  async run(ctx, flags, args) {
    const engine = await ctx.engine();
    await forEachTarget(ctx, args, async (name) => {
      try {
        await engine.call('networks', 'removeNetwork', { name });
      } catch (err) {
        if (!(flags.boolean('force') && (err as { status?: string }).status === 'NOT_FOUND')) throw err;
      }
    });
  },
};

export const networkConnect: CommandDefinition = {
  usage: '[OPTIONS] NETWORK CONTAINER',
  summary: 'Connect a container to a network',
  flags: [
    list('alias', 'Add network-scoped alias for the container'),
    str('ip', 'IPv4 address (e.g., "172.30.100.104")'),
  ],
  minArgs: 2,
  maxArgs: 2,
  async run(ctx, flags, [network, container]) {
    const engine = await ctx.engine();
    await engine.call('networks', 'connectNetwork', {
      network,
      container,
      aliases: flags.list('alias'),
      ipv4Address: flags.string('ip') ?? '',
    });
  },
};

export const networkDisconnect: CommandDefinition = {
  usage: '[OPTIONS] NETWORK CONTAINER',
  summary: 'Disconnect a container from a network',
  flags: [bool('force', 'Force the container to disconnect from a network', 'f')],
  minArgs: 2,
  maxArgs: 2,
  async run(ctx, flags, [network, container]) {
    const engine = await ctx.engine();
    await engine.call('networks', 'disconnectNetwork', { network, container, force: flags.boolean('force') });
  },
};

export const networkPrune: CommandDefinition = {
  usage: '[OPTIONS]',
  summary: 'Remove all unused networks',
  flags: [
    list('filter', 'Provide filter values (e.g. "until=<timestamp>")', undefined, 'filter'),
    bool('force', 'Do not prompt for confirmation', 'f'),
  ],
  maxArgs: 0,
  async run(ctx, flags) {
    if (
      !flags.boolean('force') &&
      !(await confirm(
        ctx,
        'WARNING! This will remove all custom networks not used by at least one container.',
      ))
    )
      return;
    const engine = await ctx.engine();
    const result = await engine.call('networks', 'pruneNetworks', {
      filters: parseFilters(flags.list('filter')),
    });
    if (result.networksDeleted.length)
      ctx.out(`Deleted Networks:\n${result.networksDeleted.map((name) => `${name}\n`).join('')}`);
  },
};
