import { parseArgs } from 'node:util';
import { network as api } from '@berth/api';
import {
  componentPaths,
  configFlagName,
  createLogger,
  describeConfig,
  formatCliError,
  loadConfig,
  startServer,
} from '@berth/kit';
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

function flagOptions() {
  const options: Record<string, { type: 'string' | 'boolean'; multiple?: boolean }> = {
    config: { type: 'string' },
    root: { type: 'string' },
    run: { type: 'string' },
    socket: { type: 'string' },
    help: { type: 'boolean' },
    version: { type: 'boolean' },
  };
  for (const [key, spec] of Object.entries(networkConfigSchema)) {
    options[configFlagName(key).slice(2)] = {
      type: spec.type === 'boolean' ? 'boolean' : 'string',
      ...(spec.type === 'string[]' ? { multiple: true } : {}),
    };
  }
  return options;
}

/** Runs the daemon until SIGTERM/SIGINT; returns the exit code. */
export async function main(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: flagOptions(), strict: true, allowPositionals: false });
  } catch (error) {
    process.stderr.write(`${formatCliError('berth-network', error)}\n${USAGE}\n`);
    return 2;
  }
  const flags = parsed.values as Record<string, string | boolean | string[] | undefined>;
  if (flags.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (flags.version) {
    process.stdout.write(`berth-network ${NETWORK_VERSION}\n`);
    return 0;
  }

  try {
    const fromFlags: Record<string, unknown> = {};
    for (const key of Object.keys(networkConfigSchema)) fromFlags[key] = flags[configFlagName(key).slice(2)];
    const config = await loadConfig({
      component: COMPONENT,
      schema: networkConfigSchema,
      ...(typeof flags.config === 'string' ? { file: flags.config } : {}),
      defaultFile: '/etc/berth/network.json',
      flags: fromFlags,
    });
    const paths = componentPaths(COMPONENT, {
      ...(typeof flags.root === 'string' ? { root: flags.root } : {}),
      ...(typeof flags.run === 'string' ? { run: flags.run } : {}),
      ...(typeof flags.socket === 'string' ? { socket: flags.socket } : {}),
    });
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
