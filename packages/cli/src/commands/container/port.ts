import { InvalidArgumentError } from '../../errors';
import type { CommandDefinition } from '../command';

export const port: CommandDefinition = {
  usage: 'CONTAINER [PRIVATE_PORT[/PROTO]]',
  summary: 'List port mappings or a specific mapping for the container',
  flags: [],
  minArgs: 1,
  maxArgs: 2,
  async run(ctx, _flags, [id, wanted]) {
    const engine = await ctx.engine();
    const { ports } = await engine.call('containers', 'containerPort', { id });
    const hostAddress = (binding: { hostIp: string; hostPort: number }) =>
      `${binding.hostIp.includes(':') ? `[${binding.hostIp}]` : binding.hostIp || '0.0.0.0'}:${binding.hostPort}`;
    if (wanted === undefined) {
      for (const binding of ports)
        ctx.out(`${binding.containerPort}/${binding.protocol || 'tcp'} -> ${hostAddress(binding)}\n`);
      return;
    }
    const [portText, protocol = 'tcp'] = wanted.split('/');
    if (!/^\d+$/.test(portText)) throw new InvalidArgumentError(`invalid port "${wanted}"`);
    const matches = ports.filter(
      (binding) => binding.containerPort === Number(portText) && (binding.protocol || 'tcp') === protocol,
    );
    if (matches.length === 0)
      throw new InvalidArgumentError(`no public port '${portText}/${protocol}' published for ${id}`);
    for (const binding of matches) ctx.out(`${hostAddress(binding)}\n`);
  },
};
