import type { engine } from '@berth/api';
import { str } from '../../args/flag-spec';
import { renderDocuments } from '../../format/render';
import { binarySize } from '../../format/units';
import { CLI_VERSION } from '../../version';
import type { CommandDefinition } from '../command';

/** The engine's answer under docker's `info` field names, for --format. */
export function infoDocument(result: engine.v1.InfoResponse): Record<string, unknown> {
  return {
    ID: result.id,
    Containers: result.containers,
    ContainersRunning: result.containersRunning,
    ContainersPaused: result.containersPaused,
    ContainersStopped: result.containersStopped,
    Images: result.images,
    Driver: result.driver,
    DockerRootDir: result.rootDir,
    CgroupVersion: result.cgroupVersion,
    KernelVersion: result.kernelVersion,
    OperatingSystem: result.operatingSystem,
    Architecture: result.architecture,
    NCPU: result.ncpu,
    MemTotal: result.memTotal,
    Name: result.name,
    ServerVersion: result.serverVersion,
    DefaultRuntime: result.defaultRuntime,
    Components: result.components.map((component) => ({
      Name: component.name,
      Socket: component.socket,
      Running: component.running,
      Version: component.version,
      Error: component.error,
    })),
    Warnings: result.warnings,
  };
}

export const info: CommandDefinition = {
  usage: '[OPTIONS]',
  summary: 'Display system-wide information',
  flags: [str('format', "Format output using a custom template: 'json' or a Go template", 'f')],
  maxArgs: 0,
  async run(ctx, flags) {
    const engine = await ctx.engine();
    const result = await engine.call('system', 'info', {});
    const format = flags.string('format');
    if (format) {
      ctx.out(renderDocuments([infoDocument(result)], format));
      return;
    }
    const lines = [
      'Client:',
      ` Version:    ${CLI_VERSION}`,
      '',
      'Server:',
      ` Containers: ${result.containers}`,
      `  Running: ${result.containersRunning}`,
      `  Paused: ${result.containersPaused}`,
      `  Stopped: ${result.containersStopped}`,
      ` Images: ${result.images}`,
      ` Server Version: ${result.serverVersion}`,
      ` Storage Driver: ${result.driver}`,
      ` Cgroup Version: ${result.cgroupVersion}`,
      ` Default Runtime: ${result.defaultRuntime}`,
      ' Components:',
      ...result.components.map((component) =>
        component.running
          ? `  ${component.name}: ${component.version || 'running'} (${component.socket})`
          : `  ${component.name}: not running: ${component.error || component.socket}`,
      ),
      ` Kernel Version: ${result.kernelVersion}`,
      ` Operating System: ${result.operatingSystem}`,
      ` Architecture: ${result.architecture}`,
      ` CPUs: ${result.ncpu}`,
      ` Total Memory: ${binarySize(result.memTotal)}`,
      ` Name: ${result.name}`,
      ` ID: ${result.id}`,
      ` Berth Root Dir: ${result.rootDir}`,
    ];
    ctx.out(`${lines.join('\n')}\n`);
    for (const warning of result.warnings) ctx.err(`WARNING: ${warning}\n`);
  },
};
