import { network as api } from '@berth/api';
import { createLogger, describeConfig, formatCliError, readDaemonCommandLine, startServer } from '@berth/kit';
import { NetworkManager } from '../manager/network-manager';
import { managerOptions, networkConfigSchema } from './config';
import { networkService } from './network-service';
import { NETWORK_VERSION } from './version';

const COMPONENT = 'network';

const USAGE = `Usage: berth-network [--config FILE] [--root DIR] [--run DIR] [--socket PATH] [options]

Serves berth.network.v1 on $BERTH_RUN/network.sock (default /run/berth/network.sock), with state
under $BERTH_ROOT/network (default /var/lib/berth/network).

Options:
${describeConfig(COMPONENT, networkConfigSchema)}`;

/** Runs the daemon until SIGTERM/SIGINT; returns the exit code. */
export async function main(argv: string[]): Promise<number> {
  const cli = await readDaemonCommandLine({
    binary: 'berth-network',
    component: COMPONENT,
    schema: networkConfigSchema,
    usage: USAGE,
    version: NETWORK_VERSION,
    argv,
  });
  if ('exitCode' in cli) return cli.exitCode;
  const { config, paths } = cli;
  try {
    const log = createLogger({ component: COMPONENT, level: config.values.logLevel });
    const manager = await NetworkManager.open(managerOptions(config.values, paths), log);
    const server = await startServer({
      socketPath: paths.socket,
      component: COMPONENT,
      version: NETWORK_VERSION,
      logger: log,
      services: [{ definition: api.v1.NetworkService, implementation: networkService(manager) }],
    });
    await server.closed;
    await manager.close();
    log.info('stopped');
    return 0;
  } catch (error) {
    process.stderr.write(`${formatCliError('berth-network', error)}\n`);
    return 1;
  }
}
