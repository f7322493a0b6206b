import { join } from 'node:path';
import { createLogger, describeConfig, formatCliError, readDaemonCommandLine } from '@berth/kit';
import type { ShimGrouping } from '../components/shim-launcher';
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

/** Runs the daemon until SIGTERM/SIGINT; returns the exit code. */
export async function main(argv: string[]): Promise<number> {
  const cli = await readDaemonCommandLine({
    binary: 'berthd',
    component: COMPONENT,
    schema: engineConfigSchema,
    usage: USAGE,
    version: ENGINE_VERSION,
    argv,
  });
  if ('exitCode' in cli) return cli.exitCode;
  const { config, paths } = cli;
  try {
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
      shimGrouping: values.shimGrouping as ShimGrouping,
      maxPerShim: values.shimMaxPerShim,
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
