import { parseArgs } from 'node:util';
import { join } from 'node:path';
import {
  componentPaths,
  configFlagName,
  createLogger,
  describeConfig,
  formatCliError,
  loadConfig,
} from '@berth/kit';
import { engineConfigSchema } from './config';
import { startEngineDaemon } from './engine-daemon';
import { ENGINE_VERSION } from './version';

const COMPONENT = 'engine';

const USAGE = `Usage: berthd [--config FILE] [--root DIR] [--run DIR] [--socket PATH] [options]

Serves berth.engine.v1 (Containers, Volumes, Images, Networks, System) on
$BERTH_RUN/engine.sock (default /run/berth/engine.sock), keeping containers and volumes under
$BERTH_ROOT/engine (default /var/lib/berth/engine). Drives berth-images, berth-network and
berth-shim over their gRPC sockets.

Options:
${describeConfig(COMPONENT, engineConfigSchema)}`;

function flagOptions() {
  const options: Record<string, { type: 'string' | 'boolean' }> = {
    config: { type: 'string' },
    root: { type: 'string' },
    run: { type: 'string' },
    socket: { type: 'string' },
    help: { type: 'boolean' },
    version: { type: 'boolean' },
  };
  for (const key of Object.keys(engineConfigSchema))
    options[configFlagName(key).slice(2)] = { type: 'string' };
  return options;
}

/** Runs the daemon until SIGTERM/SIGINT; returns the exit code. */
export async function main(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: flagOptions(), strict: true, allowPositionals: false });
  } catch (error) {
    process.stderr.write(`${formatCliError('berthd', error)}\n${USAGE}\n`);
    return 2;
  }
  const flags = parsed.values as Record<string, string | boolean | undefined>;
  if (flags.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (flags.version) {
    process.stdout.write(`berthd ${ENGINE_VERSION}\n`);
    return 0;
  }
  try {
    const fromFlags: Record<string, unknown> = {};
    for (const key of Object.keys(engineConfigSchema)) fromFlags[key] = flags[configFlagName(key).slice(2)];
    const config = await loadConfig({
      component: COMPONENT,
      schema: engineConfigSchema,
      ...(typeof flags.config === 'string' ? { file: flags.config } : {}),
      defaultFile: '/etc/berth/engine.json',
      flags: fromFlags,
    });
    const paths = componentPaths(COMPONENT, {
      ...(typeof flags.root === 'string' ? { root: flags.root } : {}),
      ...(typeof flags.run === 'string' ? { run: flags.run } : {}),
      ...(typeof flags.socket === 'string' ? { socket: flags.socket } : {}),
    });
    const values = config.values;
    const log = createLogger({ component: COMPONENT, level: values.logLevel });
    const daemon = await startEngineDaemon({
      root: paths.root,
      run: paths.run,
      socket: paths.socket,
      components: {
        images: values.imagesSocket || join(paths.run, 'images.sock'),
        network: values.networkSocket || join(paths.run, 'network.sock'),
      },
      shimBinary: values.shimBinary,
      initBinary: values.initBinary,
      defaultNetwork: values.defaultNetwork,
      logRotation: { maxSize: values.logMaxSize, maxFiles: values.logMaxFiles },
      log,
      logLevel: values.logLevel,
    });
    await daemon.server.closed;
    await daemon.close();
    log.info('stopped');
    return 0;
  } catch (error) {
    process.stderr.write(`${formatCliError('berthd', error)}\n`);
    return 1;
  }
}
