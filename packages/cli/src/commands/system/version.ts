import { str } from '../../args/flag-spec';
import { renderDocuments } from '../../format/render';
import { CLI_VERSION } from '../../version';
import type { CommandDefinition } from '../command';

function clientSection(): Record<string, string> {
  return {
    Version: CLI_VERSION,
    ApiVersion: 'berth.engine.v1',
    NodeVersion: process.version,
    Os: process.platform,
    Arch: process.arch,
  };
}

export const version: CommandDefinition = {
  usage: '[OPTIONS]',
  summary: 'Show the Berth version information',
  flags: [str('format', "Format output using a custom template: 'json' or a Go template", 'f')],
  maxArgs: 0,
  async run(ctx, flags) {
    const client = clientSection();
    let server: Record<string, unknown> | undefined;
    let failure: unknown;
    try {
      const engine = await ctx.engine();
      const result = await engine.call('system', 'version', {});
      server = {
        Version: result.version,
        ApiVersion: result.apiVersion,
        NodeVersion: result.nodeVersion,
        Os: result.os,
        Arch: result.arch,
        KernelVersion: result.kernelVersion,
        BuildTime: result.buildTime?.toISOString() ?? '',
        Components: result.components.map((component) => ({
          Name: component.name,
          Version: component.version,
          Running: component.running,
        })),
      };
    } catch (err) {
      // Like docker: the client part prints even when the engine is unreachable, then the error.
      failure = err;
    }
    const format = flags.string('format');
    if (format) ctx.out(renderDocuments([{ Client: client, Server: server ?? null }], format));
    else {
      const lines = [
        'Client:',
        ` Version:      ${client.Version}`,
        ` API version:  ${client.ApiVersion}`,
        ` Node version: ${client.NodeVersion}`,
        ` OS/Arch:      ${client.Os}/${client.Arch}`,
      ];
      if (server) {
        lines.push(
          '',
          'Server:',
          ` Engine:`,
          `  Version:          ${server.Version}`,
          `  API version:      ${server.ApiVersion}`,
        );
        lines.push(
          `  Node version:     ${server.NodeVersion}`,
          `  OS/Arch:          ${server.Os}/${server.Arch}`,
          `  Kernel version:   ${server.KernelVersion}`,
        );
        if (server.BuildTime) lines.push(`  Built:            ${server.BuildTime}`);
        for (const component of server.Components as Array<{
          Name: string;
          Version: string;
          Running: boolean;
        }>) {
          lines.push(
            ` ${component.Name}:`,
            `  Version:          ${component.Running ? component.Version : 'not running'}`,
          );
        }
      }
      ctx.out(`${lines.join('\n')}\n`);
    }
    if (failure) throw failure;
  },
};
